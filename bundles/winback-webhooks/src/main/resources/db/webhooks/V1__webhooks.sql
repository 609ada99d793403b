-- Webhooks schema, version 1 (the module's own track): outbound endpoints with their delivery queue and log, and
-- the inbound sources with the message ids they have sent.
--
-- One script for H2 2.x and PostgreSQL, like the store's own. Never edit it once released; add V2__... instead.

CREATE TABLE webhook_endpoints (
    id              UUID                     NOT NULL,
    url             VARCHAR(2000)            NOT NULL,
    -- Space-separated event types; empty for every type.
    event_types     VARCHAR(2000)            NOT NULL,
    -- whsec_<base64>: the receiver needs it to check signatures, so it is kept as it was given, not hashed.
    secret          VARCHAR(200)             NOT NULL,
    active          BOOLEAN                  NOT NULL,
    description     VARCHAR(500),
    -- Why delivery stopped when Winback switched the endpoint off (retries exhausted, 410 Gone); null otherwise.
    disabled_reason VARCHAR(2000),
    disabled_at     TIMESTAMP WITH TIME ZONE,
    created_by      VARCHAR(255)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT                   NOT NULL,
    CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id)
);

-- One row per event and endpoint: the queue (PENDING rows due at next_attempt_at) and what became of each.
CREATE TABLE webhook_deliveries (
    id              UUID                     NOT NULL,
    endpoint_id     UUID                     NOT NULL,
    event_id        BIGINT                   NOT NULL,
    event_type      VARCHAR(64)              NOT NULL,
    -- The body exactly as it is sent (and signed), so a redelivery sends the same bytes.
    body            VARCHAR(1000000)         NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    -- Retries stop here; a redelivery or re-enabling the endpoint opens a new window.
    retry_until     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- A node that took the row for sending; another may take it once the claim has run out (that node died).
    claimed_by      VARCHAR(255),
    claimed_until   TIMESTAMP WITH TIME ZONE,
    last_status     INTEGER,
    last_error      VARCHAR(2000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
    -- The fan-out is at least once: the same event reaches an endpoint's queue once all the same.
    CONSTRAINT uq_webhook_deliveries_event UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
ALTER TABLE webhook_deliveries ADD CONSTRAINT fk_webhook_deliveries_endpoint
    FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE;

-- Every attempt at a delivery: the delivery log an admin reads.
CREATE TABLE webhook_attempts (
    delivery_id  UUID                     NOT NULL,
    attempt      INTEGER                  NOT NULL,
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code  INTEGER,
    duration_ms  BIGINT                   NOT NULL,
    error        VARCHAR(2000),
    response     VARCHAR(1000),
    CONSTRAINT pk_webhook_attempts PRIMARY KEY (delivery_id, attempt)
);
ALTER TABLE webhook_attempts ADD CONSTRAINT fk_webhook_attempts_delivery
    FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id) ON DELETE CASCADE;

-- Inbound: a host system (Customer.source) that may post signed webhooks, and its secret.
CREATE TABLE webhook_sources (
    source     VARCHAR(64)              NOT NULL,
    secret     VARCHAR(200)             NOT NULL,
    updated_by VARCHAR(255)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_webhook_sources PRIMARY KEY (source)
);

-- The webhook-ids a source has sent, so that a replayed message is refused. A row is claimed before the message's
-- effects and removed again if they fail, so the sender's retry of the same id is applied then.
CREATE TABLE webhook_received (
    source      VARCHAR(64)              NOT NULL,
    message_id  VARCHAR(255)             NOT NULL,
    event_type  VARCHAR(64)              NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_webhook_received PRIMARY KEY (source, message_id)
);
CREATE INDEX ix_webhook_received_at ON webhook_received (received_at);
