-- Winback schema, version 2: creating requests remembered by Idempotency-Key, per user, so that a retried POST
-- creates nothing twice, whichever node it reaches.

CREATE TABLE idempotency_keys (
    actor       VARCHAR(255)             NOT NULL,
    idem_key    VARCHAR(255)             NOT NULL,
    fingerprint VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    completed   BOOLEAN                  NOT NULL,
    status      INTEGER,
    location    VARCHAR(2000),
    etag        VARCHAR(100),
    body        VARCHAR(1000000),
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (actor, idem_key)
);
-- Expired keys are purged by age.
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
