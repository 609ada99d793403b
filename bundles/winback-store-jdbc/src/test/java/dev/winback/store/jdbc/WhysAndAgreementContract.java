package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static dev.winback.store.jdbc.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.ConflictException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.dto.AgreementCondition;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.SecondChanceAgreement;
import dev.winback.api.dto.StepType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class WhysAndAgreementContract extends DatabaseTestBase {
    private static final Instant DUE = Instant.parse("2026-03-01T09:00:00Z");
    private JdbcCaseStore cases;
    private RecoveryCase opened;

    WhysAndAgreementContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void openCase() {
        cases = new JdbcCaseStore(db);
        UUID acme = new JdbcCustomerStore(db).insert(customer("crm", "C-1", "Acme"), "alice").id;
        opened = cases.insert(recoveryCase(acme, "wrong-billing"), "alice");
    }

    private static CaseWhy why(String statement, String reason, boolean fixable, boolean fixed) {
        CaseWhy why = new CaseWhy();
        why.statement = statement;
        why.lossReason = reason;
        why.fixable = fixable;
        why.alreadyFixed = fixed;
        return why;
    }

    private CaseChange change() {
        CaseChange change = new CaseChange();
        change.caseId = opened.id;
        change.expectedVersion = cases.find(opened.id).orElseThrow().version;
        return change;
    }

    private static AgreementCondition condition(AgreementCondition.Party party, String text) {
        AgreementCondition c = new AgreementCondition();
        c.id = UUID.randomUUID();
        c.party = party;
        c.condition = text;
        c.dueAt = DUE;
        return c;
    }

    @Test
    void whysAreKeptInOrderWithWhoRecordedThem() {
        CaseChange change = change();
        change.newWhys.add(why("Three wrong invoices in a row", "wrong-billing", true, false));
        change.newWhys.add(why("The new supplier is cheaper", "price", false, false));
        RecoveryCase after = cases.apply(change, "rep1");
        assertEquals(2, after.whys.size());
        assertEquals("Three wrong invoices in a row", after.whys.get(0).statement);
        assertEquals("wrong-billing", after.whys.get(0).lossReason);
        assertTrue(after.whys.get(0).fixable);
        assertEquals("rep1", after.whys.get(1).recordedBy);
        assertEquals(Json.tree(after.whys), Json.tree(cases.find(opened.id).orElseThrow().whys));
        assertEquals(opened.version + 1, after.version);
    }

    @Test
    void aWhyWithAnUnknownReasonWritesNothing() throws SQLException {
        CaseChange change = change();
        change.newWhys.add(why("Aliens", "aliens", false, false));
        UnknownReferenceException e = assertThrows(UnknownReferenceException.class, () -> cases.apply(change, "rep1"));
        assertEquals("lossReason", e.problems().get(0).field());
        assertEquals(0, count("SELECT COUNT(*) FROM case_whys"));
        assertEquals(opened.version, cases.find(opened.id).orElseThrow().version);
    }

    @Test
    void anAgreementIsRecordedOnceWithItsConditionsLinkedToTheirCheckSteps() {
        AgreementCondition ours = condition(AgreementCondition.Party.US, "A named account manager");
        AgreementCondition theirs = condition(AgreementCondition.Party.CUSTOMER, "A trial order by March");
        SecondChanceAgreement agreement = new SecondChanceAgreement();
        agreement.customerSignatory = "Jane Roe, CFO";
        agreement.documentReference = "crm:attachment:4711";
        agreement.conditions = List.of(ours, theirs);
        CaseChange change = change();
        change.agreement = agreement;
        RecoveryStep check = step("check-condition", StepType.FOLLOW_UP, DUE);
        check.conditionId = ours.id;
        change.newSteps.add(check);
        RecoveryCase after = cases.apply(change, "rep1");

        SecondChanceAgreement stored = after.agreement;
        assertEquals("Jane Roe, CFO", stored.customerSignatory);
        assertEquals("rep1", stored.agreedBy);
        assertEquals(2, stored.conditions.size());
        assertEquals(AgreementCondition.Status.PENDING, stored.conditions.get(0).status);
        assertEquals(after.steps.get(0).id, stored.conditions.get(0).checkStepId);
        assertEquals(ours.id, after.steps.get(0).conditionId);
        assertNull(stored.conditions.get(1).checkStepId);

        CaseChange kept = change();
        kept.conditionId = ours.id;
        kept.conditionStatus = AgreementCondition.Status.KEPT;
        assertEquals(AgreementCondition.Status.KEPT, cases.apply(kept, "rep1").agreement.conditions.get(0).status);

        CaseChange again = change();
        again.agreement = agreement;
        assertThrows(ConflictException.class, () -> cases.apply(again, "rep1"));
    }
}
