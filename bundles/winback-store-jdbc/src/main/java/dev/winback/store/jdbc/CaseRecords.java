package dev.winback.store.jdbc;

import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.SecondChanceAgreement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The records a case collects besides its steps: the documented whys and the second-chance agreement with its
 * conditions. Like {@link StepRows}, this class knows the columns; the case store decides when.
 */
final class CaseRecords {
    private CaseRecords() {
    }

    static void insertWhy(Connection c, UUID caseId, CaseWhy why, String actor, Instant now) throws SQLException {
        Sql.execute(c, "INSERT INTO case_whys (id, case_id, statement, loss_reason, fixable, already_fixed,"
                        + " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), caseId,
                why.statement, why.lossReason, Boolean.TRUE.equals(why.fixable), Boolean.TRUE.equals(why.alreadyFixed),
                why.recordedBy != null ? why.recordedBy : actor, why.recordedAt != null ? why.recordedAt : now);
    }

    /** The agreement and its conditions; condition ids come from the caller, who links check steps to them. */
    static void insertAgreement(Connection c, UUID caseId, SecondChanceAgreement agreement, String actor,
            Instant now) throws SQLException {
        Sql.execute(c, "INSERT INTO agreements (case_id, customer_signatory, document_reference, agreed_by,"
                        + " agreed_at) VALUES (?, ?, ?, ?, ?)", caseId, agreement.customerSignatory,
                agreement.documentReference, agreement.agreedBy != null ? agreement.agreedBy : actor,
                agreement.agreedAt != null ? agreement.agreedAt : now);
        for (AgreementCondition condition : agreement.conditions) {
            Sql.execute(c, "INSERT INTO agreement_conditions (id, case_id, party, condition_text, due_at, status)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", condition.id != null ? condition.id : UUID.randomUUID(),
                    caseId, condition.party, condition.condition, condition.dueAt,
                    condition.status != null ? condition.status : AgreementCondition.Status.PENDING);
        }
    }

    static int setConditionStatus(Connection c, UUID caseId, UUID conditionId, AgreementCondition.Status status)
            throws SQLException {
        return Sql.execute(c, "UPDATE agreement_conditions SET status = ? WHERE id = ? AND case_id = ?", status,
                conditionId, caseId);
    }

    /** Adds the whys and the agreement to a case loaded with its steps. */
    static void attach(Connection c, RecoveryCase recoveryCase) throws SQLException {
        recoveryCase.whys = Sql.queryList(c, "SELECT id, case_id, statement, loss_reason, fixable, already_fixed,"
                + " recorded_by, recorded_at FROM case_whys WHERE case_id = ? ORDER BY seq", rs -> {
                    CaseWhy why = new CaseWhy();
                    why.id = Sql.uuid(rs, "id");
                    why.caseId = Sql.uuid(rs, "case_id");
                    why.statement = rs.getString("statement");
                    why.lossReason = rs.getString("loss_reason");
                    why.fixable = rs.getBoolean("fixable");
                    why.alreadyFixed = rs.getBoolean("already_fixed");
                    why.recordedBy = rs.getString("recorded_by");
                    why.recordedAt = Sql.instant(rs, "recorded_at");
                    return why;
                }, recoveryCase.id);
        recoveryCase.agreement = Sql.queryOne(c, "SELECT customer_signatory, document_reference, agreed_by,"
                + " agreed_at FROM agreements WHERE case_id = ?", rs -> {
                    SecondChanceAgreement a = new SecondChanceAgreement();
                    a.customerSignatory = rs.getString("customer_signatory");
                    a.documentReference = rs.getString("document_reference");
                    a.agreedBy = rs.getString("agreed_by");
                    a.agreedAt = Sql.instant(rs, "agreed_at");
                    return a;
                }, recoveryCase.id).orElse(null);
        if (recoveryCase.agreement != null) {
            List<AgreementCondition> conditions = Sql.queryList(c, "SELECT id, party, condition_text, due_at,"
                    + " status FROM agreement_conditions WHERE case_id = ? ORDER BY seq", rs -> {
                        AgreementCondition condition = new AgreementCondition();
                        condition.id = Sql.uuid(rs, "id");
                        condition.party = Sql.enumValue(rs, "party", AgreementCondition.Party.class);
                        condition.condition = rs.getString("condition_text");
                        condition.dueAt = Sql.instant(rs, "due_at");
                        condition.status = Sql.enumValue(rs, "status", AgreementCondition.Status.class);
                        return condition;
                    }, recoveryCase.id);
            for (AgreementCondition condition : conditions) {
                for (RecoveryStep step : recoveryCase.steps) {
                    if (condition.id.equals(step.conditionId)) {
                        condition.checkStepId = step.id;
                    }
                }
            }
            recoveryCase.agreement.conditions = conditions;
        }
    }
}
