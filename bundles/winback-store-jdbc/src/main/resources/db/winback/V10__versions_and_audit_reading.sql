-- Winback schema, version 10: loss reasons get a version like every other editable entity, so that a PUT can
-- require If-Match; the audit trail is read by time (GET /api/v1/audit?from=&to=), newest first.

ALTER TABLE loss_reasons ADD COLUMN version BIGINT DEFAULT 1 NOT NULL;

CREATE INDEX ix_audit_log_at ON audit_log (at, id);

-- "Does this customer have a running case?" is asked on every case opened and every history read for one customer;
-- with customer and status in one index the answer is one index range, however many closed (or parallel) cases
-- the customer has.
CREATE INDEX ix_recovery_cases_customer_status ON recovery_cases (customer_id, status);
