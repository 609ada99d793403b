-- Reputation recovery tracking: survey answers and invitations, complaints opened from detractor answers, advocacy,
-- and "You Said, We Did" improvements with the customers told about them. One script for H2 2.x and PostgreSQL.
--
-- No answer, invitation, complaint, advocacy event or published improvement is ever deleted (a draft improvement's
-- links are replaced when the draft is), and an answer is never rewritten: negative feedback may not be suppressed (16 CFR
-- 465), so a correction is a new answer that names the one it corrects, and the corrected one stays on record.

-- What every node must agree on, written once: survey-links (base64 of 32 random bytes, the key that signs survey
-- links) and tracking-since (when the module first started: cases closed before it get no invitations).
CREATE TABLE reputation_state (
    name       VARCHAR(64)              NOT NULL,
    state      VARCHAR(128)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_reputation_state PRIMARY KEY (name)
);

CREATE TABLE survey_invitations (
    id               UUID                     NOT NULL,
    customer_id      UUID                     NOT NULL,
    -- The case whose closing (or win-back) it follows; null for an invitation a manager sent by hand.
    case_id          UUID,
    -- CASE_CLOSED, AFTER_WIN_BACK or MANUAL.
    reason           VARCHAR(16)              NOT NULL,
    kind             VARCHAR(8)               NOT NULL,
    -- SCHEDULED (waits for due_at), SENT, ANSWERED, CANCELLED (a contact block at the time it was due).
    status           VARCHAR(16)              NOT NULL,
    due_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at          TIMESTAMP WITH TIME ZONE,
    expires_at       TIMESTAMP WITH TIME ZONE,
    answered_at      TIMESTAMP WITH TIME ZONE,
    response_id      UUID,
    cancel_reason    VARCHAR(2000),
    -- The case of an automatic invitation (CASE_CLOSED, AFTER_WIN_BACK); null for a manager's, who may send more.
    auto_case_id     UUID,
    created_by       VARCHAR(255)             NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    row_version      BIGINT                   NOT NULL,
    CONSTRAINT pk_survey_invitations PRIMARY KEY (id),
    -- Exactly once per case and reason, however often case.closed is delivered (and after a reinstall).
    CONSTRAINT uq_survey_invitations_case_reason UNIQUE (auto_case_id, reason)
);
CREATE INDEX ix_survey_invitations_case ON survey_invitations (case_id);
CREATE INDEX ix_survey_invitations_customer ON survey_invitations (customer_id, created_at);
CREATE INDEX ix_survey_invitations_due ON survey_invitations (status, due_at);

CREATE TABLE survey_responses (
    id                UUID                     NOT NULL,
    customer_id       UUID                     NOT NULL,
    case_id           UUID,
    -- NPS (0-10) or CSAT (1-5).
    kind              VARCHAR(8)               NOT NULL,
    score             INTEGER                  NOT NULL,
    comment           VARCHAR(4000),
    responded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- API, IMPORT or LINK (the customer's own answer through a survey link).
    channel           VARCHAR(8)               NOT NULL,
    invitation_id     UUID,
    import_id         UUID,
    -- A correction names the answer it corrects and says why; the corrected answer gets corrected_by and is left
    -- out of the figures, which count the correction in its place. Nothing else about an answer ever changes.
    corrects_id       UUID,
    correction_reason VARCHAR(2000),
    corrected_by      UUID,
    recorded_by       VARCHAR(255)             NOT NULL,
    recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_survey_responses PRIMARY KEY (id),
    CONSTRAINT uq_survey_responses_invitation UNIQUE (invitation_id),
    CONSTRAINT uq_survey_responses_corrects UNIQUE (corrects_id)
);
CREATE INDEX ix_survey_responses_customer ON survey_responses (customer_id, responded_at);
CREATE INDEX ix_survey_responses_responded ON survey_responses (responded_at);

-- A detractor answer closes the loop: a COMPLAINT case, or the customer's running case, with a time-to-first-
-- contact SLA.
CREATE TABLE complaints (
    id                   UUID                     NOT NULL,
    response_id          UUID                     NOT NULL,
    customer_id          UUID                     NOT NULL,
    -- OPENED (a COMPLAINT case was opened), ATTACHED (the customer's running case takes it), NOT_OPENED (no case
    -- could be opened: a contact block, no strategy for complaints; note says which).
    status               VARCHAR(16)              NOT NULL,
    case_id              UUID,
    note                 VARCHAR(2000),
    answered_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    -- When the answer reached Winback: the SLA runs from here, and only contacts from here on count.
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    first_contact_due_at TIMESTAMP WITH TIME ZONE NOT NULL,
    first_contact_at     TIMESTAMP WITH TIME ZONE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_complaints PRIMARY KEY (id),
    CONSTRAINT uq_complaints_response UNIQUE (response_id)
);
CREATE INDEX ix_complaints_customer ON complaints (customer_id, answered_at);
CREATE INDEX ix_complaints_case ON complaints (case_id);
CREATE INDEX ix_complaints_answered ON complaints (answered_at);

CREATE TABLE advocacy_events (
    id                   UUID                     NOT NULL,
    customer_id          UUID                     NOT NULL,
    -- TESTIMONIAL, REFERRAL or PUBLIC_REVIEW.
    kind                 VARCHAR(16)              NOT NULL,
    occurred_on          DATE                     NOT NULL,
    note                 VARCHAR(2000),
    -- REFERRAL: the customer referred, when they are (or become) a Winback customer; otherwise their name.
    referred_customer_id UUID,
    referred_name        VARCHAR(255),
    -- PUBLIC_REVIEW: where, and the rating out of rating_scale; never the review's text.
    site                 VARCHAR(255),
    rating               NUMERIC(4, 1),
    rating_scale         INTEGER,
    recorded_by          VARCHAR(255)             NOT NULL,
    recorded_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_advocacy_events PRIMARY KEY (id)
);
CREATE INDEX ix_advocacy_events_customer ON advocacy_events (customer_id, occurred_on);
CREATE INDEX ix_advocacy_events_kind ON advocacy_events (kind, occurred_on);

CREATE TABLE improvements (
    id               UUID                     NOT NULL,
    title            VARCHAR(200)             NOT NULL,
    -- What customers said, what we changed, and the evidence that we did.
    customers_said   VARCHAR(4000)            NOT NULL,
    we_did           VARCHAR(4000)            NOT NULL,
    evidence         VARCHAR(4000)            NOT NULL,
    improved_on      DATE                     NOT NULL,
    -- DRAFT, then PUBLISHED (public, and never changed again).
    status           VARCHAR(16)              NOT NULL,
    published_at     TIMESTAMP WITH TIME ZONE,
    published_by     VARCHAR(255),
    -- The case (and its You-Said-We-Did step) it was recorded from, if any.
    recorded_case_id UUID,
    recorded_step_id UUID,
    created_by       VARCHAR(255)             NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    row_version      BIGINT                   NOT NULL,
    CONSTRAINT pk_improvements PRIMARY KEY (id)
);
CREATE INDEX ix_improvements_status ON improvements (status, published_at);
CREATE INDEX ix_improvements_case ON improvements (recorded_case_id);

CREATE TABLE improvement_reasons (
    improvement_id UUID        NOT NULL,
    loss_reason    VARCHAR(64) NOT NULL,
    CONSTRAINT pk_improvement_reasons PRIMARY KEY (improvement_id, loss_reason)
);
CREATE INDEX ix_improvement_reasons_reason ON improvement_reasons (loss_reason);
ALTER TABLE improvement_reasons ADD CONSTRAINT fk_improvement_reasons_improvement
    FOREIGN KEY (improvement_id) REFERENCES improvements (id);

CREATE TABLE improvement_whys (
    improvement_id UUID NOT NULL,
    why_id         UUID NOT NULL,
    CONSTRAINT pk_improvement_whys PRIMARY KEY (improvement_id, why_id)
);
ALTER TABLE improvement_whys ADD CONSTRAINT fk_improvement_whys_improvement
    FOREIGN KEY (improvement_id) REFERENCES improvements (id);

-- One row per customer an improvement was published to: told (NOTIFIED) or, under a contact block, not
-- (SKIPPED_CONTACT_BLOCK). Re-engagement is read from purchases, answers and cases, never stored.
CREATE TABLE improvement_notifications (
    improvement_id UUID                     NOT NULL,
    customer_id    UUID                     NOT NULL,
    -- The newest case of the customer that cited a linked reason.
    case_id        UUID                     NOT NULL,
    status         VARCHAR(24)              NOT NULL,
    notified_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_improvement_notifications PRIMARY KEY (improvement_id, customer_id)
);
CREATE INDEX ix_improvement_notifications_customer ON improvement_notifications (customer_id);
ALTER TABLE improvement_notifications ADD CONSTRAINT fk_improvement_notifications_improvement
    FOREIGN KEY (improvement_id) REFERENCES improvements (id);
