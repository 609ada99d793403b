-- Winback schema, version 10: loss reasons get a version like every other editable entity, so that a PUT can
-- require If-Match; the audit trail is read by time (GET /api/v1/audit?from=&to=), newest first.

ALTER TABLE loss_reasons ADD COLUMN version BIGINT DEFAULT 1 NOT NULL;

CREATE INDEX ix_audit_log_at ON audit_log (at, id);
