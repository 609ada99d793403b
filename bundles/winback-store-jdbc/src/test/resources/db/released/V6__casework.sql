-- Winback schema, version 6: casework. Contact blocks on customers; step windows, escalation and the records a
-- step requires; how a case was closed and what shows a customer came back; purchases recorded one at a time;
-- teams, whose managers take escalations.
--
-- One script for H2 2.x and PostgreSQL. One column per ALTER TABLE (see V3).

-- The customer's contact block; all NULL while there is none. The case has no foreign key: the block is a record
-- of why contact stopped, and must never be the reason a case cannot go (nor a foreign key cycle with the cases).
ALTER TABLE customers ADD COLUMN contact_block_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE customers ADD COLUMN contact_block_reason VARCHAR(2000);
ALTER TABLE customers ADD COLUMN contact_block_set_by VARCHAR(255);
ALTER TABLE customers ADD COLUMN contact_block_case_id UUID;

ALTER TABLE recovery_steps ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE recovery_steps ADD COLUMN escalated_to VARCHAR(255);
ALTER TABLE recovery_steps ADD COLUMN escalated_at TIMESTAMP WITH TIME ZONE;
-- Steps planned before this version were calls, meetings and letters: they contact the customer.
ALTER TABLE recovery_steps ADD COLUMN contacts_customer BOOLEAN DEFAULT TRUE NOT NULL;
-- JSON, like allowed_outcomes: a list of requirements, requirements by outcome code, case status by outcome code.
ALTER TABLE recovery_steps ADD COLUMN requires VARCHAR(2000);
ALTER TABLE recovery_steps ADD COLUMN requires_for VARCHAR(4000);
-- Outcomes that may be recorded before not_before, as a JSON array like allowed_outcomes.
ALTER TABLE recovery_steps ADD COLUMN anytime_outcomes VARCHAR(2000);
ALTER TABLE recovery_steps ADD COLUMN closes VARCHAR(4000);
ALTER TABLE recovery_steps ADD COLUMN sla_missed VARCHAR(2000);
-- Worklists: one person's steps of a status, by due time.
CREATE INDEX ix_recovery_steps_worklist ON recovery_steps (assignee, status, due_at);

ALTER TABLE recovery_cases ADD COLUMN revenue_currency VARCHAR(3);
ALTER TABLE recovery_cases ADD COLUMN closed_by VARCHAR(255);
ALTER TABLE recovery_cases ADD COLUMN close_notes VARCHAR(10000);
-- The win-back evidence, all NULL until a case closes as WON_BACK. The purchase has no foreign key: the evidence
-- is what was shown at the time, and stays readable should the purchase be corrected later.
ALTER TABLE recovery_cases ADD COLUMN evidence_kind VARCHAR(32);
ALTER TABLE recovery_cases ADD COLUMN evidence_purchase_id UUID;
ALTER TABLE recovery_cases ADD COLUMN evidence_purchase_date DATE;
ALTER TABLE recovery_cases ADD COLUMN evidence_purchase_amount NUMERIC(19, 4);
ALTER TABLE recovery_cases ADD COLUMN evidence_confirmed_by VARCHAR(255);
ALTER TABLE recovery_cases ADD COLUMN evidence_note VARCHAR(2000);
ALTER TABLE recovery_cases ADD COLUMN evidence_recorded_at TIMESTAMP WITH TIME ZONE;

-- Purchases recorded one by one carry the host's transaction id and a currency; imported ones have neither, and
-- read as in the customer's currency.
ALTER TABLE purchases ADD COLUMN currency VARCHAR(3);
ALTER TABLE purchases ADD COLUMN transaction_id VARCHAR(255);

CREATE TABLE teams (
    name       VARCHAR(64)              NOT NULL,
    manager    VARCHAR(255)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version    BIGINT                   NOT NULL,
    CONSTRAINT pk_teams PRIMARY KEY (name)
);

-- The member is the key: a user belongs to one team at most, whatever two writers do at once.
CREATE TABLE team_members (
    member    VARCHAR(255) NOT NULL,
    team_name VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_team_members PRIMARY KEY (member)
);
-- A team's members; also the index of the foreign key.
CREATE INDEX ix_team_members_team ON team_members (team_name, member);
ALTER TABLE team_members ADD CONSTRAINT fk_team_members_team FOREIGN KEY (team_name) REFERENCES teams (name);

-- Detection runs count the flagged customers they skipped because of a contact block.
ALTER TABLE detection_runs ADD COLUMN contact_blocked BIGINT DEFAULT 0 NOT NULL;
