-- winback-detect schema, version 3: the heartbeat of every node (Karaf instance) that runs imports and detection
-- runs on this database. Each node writes its beat every few seconds; a live node gives up a node whose beat is older
-- than the timeout and fails that node's unfinished jobs, which nobody else would end until it restarts. One script
-- for H2 2.x and PostgreSQL.

CREATE TABLE node_heartbeats (
    node        VARCHAR(255)             NOT NULL,
    -- When the node last started, and its latest beat; both by the database's clock, so that the nodes' own
    -- clocks need not agree.
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    beat_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Set by the node that gave this one up (once per silence); cleared by this node's next beat.
    given_up_at TIMESTAMP WITH TIME ZONE,
    given_up_by VARCHAR(255),
    CONSTRAINT pk_node_heartbeats PRIMARY KEY (node)
);
