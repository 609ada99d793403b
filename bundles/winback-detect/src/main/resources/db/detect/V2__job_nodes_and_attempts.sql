-- winback-detect schema, version 2: import jobs and detection runs carry the node (Karaf instance) that runs them,
-- so that a node restarting fails only its own unfinished jobs, and count their attempts, since a failed job may be
-- retried. A shell import keeps the server file it reads, so that its retry reads it again. One script for H2 2.x
-- and PostgreSQL.
--
-- Jobs and runs from before have no node; the first node to start fails those of them that are unfinished.

ALTER TABLE import_jobs ADD COLUMN node VARCHAR(255);
ALTER TABLE import_jobs ADD COLUMN attempts INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE import_jobs ADD COLUMN server_file VARCHAR(4000);

ALTER TABLE detection_runs ADD COLUMN node VARCHAR(255);
ALTER TABLE detection_runs ADD COLUMN attempts INTEGER DEFAULT 1 NOT NULL;

-- A starting node looks for its own unfinished jobs and runs.
CREATE INDEX ix_import_jobs_node_status ON import_jobs (node, status);
CREATE INDEX ix_detection_runs_node_status ON detection_runs (node, status);
