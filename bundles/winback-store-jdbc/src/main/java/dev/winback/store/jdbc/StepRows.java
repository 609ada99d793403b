package dev.winback.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows of {@code recovery_steps}: inserting them and reading them back. The case store decides when; this class
 * only knows the columns.
 */
final class StepRows {
    /**
     * Every column under a {@code step_} alias, so a query may join the case's own columns (id, status, created_at)
     * without clashing names. The table is aliased {@code s}.
     */
    static final String SELECT = "s.id AS step_id, s.case_id AS step_case_id, s.name AS step_name,"
            + " s.type AS step_type, s.instructions AS step_instructions, s.due_at AS step_due_at,"
            + " s.assignee AS step_assignee, s.status AS step_status, s.allowed_outcomes AS step_allowed_outcomes,"
            + " s.escalate_when_overdue AS step_escalate, s.overdue_since AS step_overdue_since,"
            + " s.outcome_code AS step_outcome_code, s.outcome_notes AS step_outcome_notes,"
            + " s.outcome_recorded_by AS step_outcome_recorded_by, s.outcome_recorded_at AS step_outcome_recorded_at,"
            + " s.created_at AS step_created_at, s.condition_id AS step_condition_id,"
            + " s.not_before AS step_not_before, s.escalated_to AS step_escalated_to,"
            + " s.escalated_at AS step_escalated_at, s.contacts_customer AS step_contacts_customer,"
            + " s.anytime_outcomes AS step_anytime_outcomes, s.requires AS step_requires, s.requires_for AS step_requires_for, s.closes AS step_closes,"
            + " s.sla_missed AS step_sla_missed";

    private static final String INSERT = Sql.insertInto("recovery_steps", "id, case_id, name, type, instructions,"
            + " due_at, assignee, status, allowed_outcomes, escalate_when_overdue, overdue_since, outcome_code,"
            + " outcome_notes, outcome_recorded_by, outcome_recorded_at, created_at, condition_id, not_before,"
            + " escalated_to, escalated_at, contacts_customer, anytime_outcomes, requires, requires_for, closes,"
            + " sla_missed");

    /** Null stays null (the strategy said nothing), so an empty list and no list read back as they were given. */
    private static final JsonColumn<List<String>> ALLOWED_OUTCOMES =
            new JsonColumn<>("recovery_steps.allowed_outcomes", new TypeReference<>() { });
    private static final JsonColumn<List<String>> ANYTIME_OUTCOMES =
            new JsonColumn<>("recovery_steps.anytime_outcomes", new TypeReference<>() { });
    /** Requirements and closing statuses as their enum names, keyed by outcome code where they depend on one. */
    private static final JsonColumn<List<StepRequirement>> REQUIRES =
            new JsonColumn<>("recovery_steps.requires", new TypeReference<>() { });
    private static final JsonColumn<Map<String, List<StepRequirement>>> REQUIRES_FOR =
            new JsonColumn<>("recovery_steps.requires_for", new TypeReference<>() { });
    private static final JsonColumn<Map<String, CaseStatus>> CLOSES =
            new JsonColumn<>("recovery_steps.closes", new TypeReference<>() { });

    private StepRows() {
    }

    /**
     * Inserts a step of the case with a new id, stamped {@code now}, PLANNED unless the draft says otherwise. The
     * draft is not changed: callers re-read the case to return what the database holds.
     */
    static void insert(Connection c, UUID caseId, RecoveryStep draft, Instant now) throws SQLException {
        Outcome outcome = draft.outcome;
        Sql.execute(c, INSERT, UUID.randomUUID(), caseId, draft.name, draft.type, draft.instructions, draft.dueAt,
                draft.assignee, draft.status != null ? draft.status : StepStatus.PLANNED,
                ALLOWED_OUTCOMES.write(draft.allowedOutcomes), draft.escalateWhenOverdue, draft.overdueSince,
                outcome == null ? null : outcome.code, outcome == null ? null : outcome.notes,
                outcome == null ? null : outcome.recordedBy, outcome == null ? null : outcome.recordedAt, now,
                draft.conditionId, draft.notBefore, draft.escalatedTo, draft.escalatedAt, draft.contactsCustomer,
                ANYTIME_OUTCOMES.write(draft.anytimeOutcomes), REQUIRES.write(draft.requires), REQUIRES_FOR.write(draft.requiresFor), CLOSES.write(draft.closes),
                draft.slaMissed);
    }

    /**
     * What a step needs before it can be stored, checked ahead of the transaction so that a strategy's bug shows
     * as what it is rather than as a storage failure on a NOT NULL column.
     *
     * @param which how to name the step in the message, e.g. "new step 2"
     */
    static void requireComplete(RecoveryStep step, String which) {
        if (step == null) {
            throw new IllegalArgumentException(which + " is null");
        }
        if (step.name == null || step.type == null || step.dueAt == null) {
            throw new IllegalArgumentException(which + " needs a name, a type and a due time (name " + step.name
                    + ", type " + step.type + ", dueAt " + step.dueAt + ")");
        }
    }

    /** The step in the current row, which has the {@link #SELECT} columns. */
    static RecoveryStep toStep(ResultSet rs) throws SQLException {
        RecoveryStep step = new RecoveryStep();
        step.id = Sql.uuid(rs, "step_id");
        step.caseId = Sql.uuid(rs, "step_case_id");
        step.name = rs.getString("step_name");
        step.type = Sql.enumValue(rs, "step_type", StepType.class);
        step.instructions = rs.getString("step_instructions");
        step.dueAt = Sql.instant(rs, "step_due_at");
        step.assignee = rs.getString("step_assignee");
        step.status = Sql.enumValue(rs, "step_status", StepStatus.class);
        step.allowedOutcomes = ALLOWED_OUTCOMES.read(rs.getString("step_allowed_outcomes"));
        step.escalateWhenOverdue = rs.getBoolean("step_escalate");
        step.overdueSince = Sql.instant(rs, "step_overdue_since");
        step.createdAt = Sql.instant(rs, "step_created_at");
        step.conditionId = Sql.uuid(rs, "step_condition_id");
        step.notBefore = Sql.instant(rs, "step_not_before");
        step.escalatedTo = rs.getString("step_escalated_to");
        step.escalatedAt = Sql.instant(rs, "step_escalated_at");
        step.contactsCustomer = rs.getBoolean("step_contacts_customer");
        step.anytimeOutcomes = ANYTIME_OUTCOMES.read(rs.getString("step_anytime_outcomes"));
        step.requires = REQUIRES.read(rs.getString("step_requires"));
        step.requiresFor = REQUIRES_FOR.read(rs.getString("step_requires_for"));
        step.closes = CLOSES.read(rs.getString("step_closes"));
        step.slaMissed = rs.getString("step_sla_missed");
        // An outcome is recorded with its time; a step without one has no outcome, not an empty one.
        Instant recordedAt = Sql.instant(rs, "step_outcome_recorded_at");
        String code = rs.getString("step_outcome_code");
        if (recordedAt != null || code != null) {
            Outcome outcome = new Outcome();
            outcome.code = code;
            outcome.notes = rs.getString("step_outcome_notes");
            outcome.recordedBy = rs.getString("step_outcome_recorded_by");
            outcome.recordedAt = recordedAt;
            step.outcome = outcome;
        }
        return step;
    }
}
