-- Winback schema, version 8: where each event subscriber stands in the event log.

CREATE TABLE subscriber_positions (
    name             VARCHAR(128)             NOT NULL,
    position         BIGINT                   NOT NULL,
    lease_holder     VARCHAR(255),
    lease_until      TIMESTAMP WITH TIME ZONE,
    retry_event_id   BIGINT,
    retry_attempts   INTEGER                  DEFAULT 0 NOT NULL,
    retry_at         TIMESTAMP WITH TIME ZONE,
    last_error       VARCHAR(2000),
    updated_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_subscriber_positions PRIMARY KEY (name)
);

-- Ids a subscriber passed that were not in the log yet: a transaction that had not committed. Delivered when they
-- appear; forgotten once old enough to have rolled back.
CREATE TABLE subscriber_gaps (
    name       VARCHAR(128)             NOT NULL,
    event_id   BIGINT                   NOT NULL,
    noticed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_subscriber_gaps PRIMARY KEY (name, event_id)
);
CREATE INDEX ix_subscriber_gaps_noticed ON subscriber_gaps (noticed_at);

CREATE TABLE subscriber_dead_letters (
    name       VARCHAR(128)             NOT NULL,
    event_id   BIGINT                   NOT NULL,
    attempts   INTEGER                  NOT NULL,
    last_error VARCHAR(2000),
    failed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    replay     BOOLEAN                  DEFAULT FALSE NOT NULL,
    CONSTRAINT pk_subscriber_dead_letters PRIMARY KEY (name, event_id)
);
