-- winback-detect schema, version 1: import jobs with their first bad rows, and detection runs with the RFM rules
-- they applied. One script for H2 2.x and PostgreSQL.
--
-- These tables were created by the core schema (versions 5 and 6) before modules brought their own. Every statement
-- here creates only what is missing, so a database from that time keeps its tables and data as they are and merely
-- records this version; a new database gets the same tables from here.

CREATE TABLE IF NOT EXISTS import_jobs (
    id                UUID                     NOT NULL,
    status            VARCHAR(16)              NOT NULL,
    file_name         VARCHAR(4000),
    format            VARCHAR(16),
    -- The request's options as JSON: read back whole, never queried by, and free to grow with the API.
    request_json      VARCHAR(1000000),
    submitted_by      VARCHAR(255)             NOT NULL,
    submitted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    bytes_total       BIGINT                   NOT NULL,
    bytes_read        BIGINT                   NOT NULL,
    rows_read         BIGINT                   NOT NULL,
    purchases_read    BIGINT                   NOT NULL,
    purchases_added   BIGINT                   NOT NULL,
    duplicates        BIGINT                   NOT NULL,
    customers_created BIGINT                   NOT NULL,
    error_count       BIGINT                   NOT NULL,
    failure           VARCHAR(10000),
    CONSTRAINT pk_import_jobs PRIMARY KEY (id)
);
-- Job lists are newest first; restarts look for unfinished jobs.
CREATE INDEX IF NOT EXISTS ix_import_jobs_submitted_at ON import_jobs (submitted_at, id);
CREATE INDEX IF NOT EXISTS ix_import_jobs_status ON import_jobs (status);

-- The first bad rows of a job, in the order the job reported them (file order).
CREATE TABLE IF NOT EXISTS import_errors (
    job_id  UUID          NOT NULL,
    -- Place in the job's list, given by the store: the list is always written whole.
    seq     INTEGER       NOT NULL,
    line    BIGINT        NOT NULL,
    message VARCHAR(2000),
    CONSTRAINT pk_import_errors PRIMARY KEY (job_id, seq),
    CONSTRAINT fk_import_errors_job FOREIGN KEY (job_id) REFERENCES import_jobs (id)
);

CREATE TABLE IF NOT EXISTS detection_runs (
    id                   UUID                     NOT NULL,
    status               VARCHAR(16)              NOT NULL,
    requested_by         VARCHAR(255)             NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at          TIMESTAMP WITH TIME ZONE,
    calibration_end      DATE,
    p_alive_threshold    DOUBLE PRECISION         NOT NULL,
    max_cases            INTEGER,
    -- The code as the run used it; no foreign key, so that a run's record does not keep a reason from being
    -- deleted once no case uses it.
    loss_reason          VARCHAR(64),
    dry_run              BOOLEAN                  NOT NULL,
    -- The fitted BG/NBD model; all NULL until the run has fitted one.
    model_r              DOUBLE PRECISION,
    model_alpha          DOUBLE PRECISION,
    model_a              DOUBLE PRECISION,
    model_b              DOUBLE PRECISION,
    model_log_likelihood DOUBLE PRECISION,
    model_customers      BIGINT,
    customers_scored     BIGINT                   NOT NULL,
    flagged              BIGINT                   NOT NULL,
    already_open         BIGINT                   NOT NULL,
    cases_opened         BIGINT                   NOT NULL,
    failure              VARCHAR(10000),
    CONSTRAINT pk_detection_runs PRIMARY KEY (id)
);
-- Run lists are newest first; scoring takes the model of the completed run that finished last.
CREATE INDEX IF NOT EXISTS ix_detection_runs_started_at ON detection_runs (started_at, id);
CREATE INDEX IF NOT EXISTS ix_detection_runs_status ON detection_runs (status, finished_at);

-- The RFM rules a run applied, in the order given.
CREATE TABLE IF NOT EXISTS detection_run_rules (
    run_id          UUID           NOT NULL,
    seq             INTEGER        NOT NULL,
    type            VARCHAR(32)    NOT NULL,
    days            INTEGER,
    multiple        DOUBLE PRECISION,
    min_total_spend NUMERIC(19, 4),
    CONSTRAINT pk_detection_run_rules PRIMARY KEY (run_id, seq),
    CONSTRAINT fk_detection_run_rules_run FOREIGN KEY (run_id) REFERENCES detection_runs (id)
);

-- Detection runs count the flagged customers they skipped because of a contact block (core version 6 added this
-- to databases that had the table then).
ALTER TABLE detection_runs ADD COLUMN IF NOT EXISTS contact_blocked BIGINT DEFAULT 0 NOT NULL;
