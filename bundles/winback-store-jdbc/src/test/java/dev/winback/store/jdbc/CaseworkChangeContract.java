package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.CaseChangeContract.DUE;
import static dev.winback.store.jdbc.CaseChangeContract.change;
import static dev.winback.store.jdbc.CaseChangeContract.completing;
import static dev.winback.store.jdbc.CaseChangeContract.withSteps;
import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static dev.winback.store.jdbc.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepRequirement;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.dto.WinBackEvidence;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What casework added to steps and to engine decisions: step windows and requirements, closing with evidence,
 * contact blocks, corrections of owner, loss reason and notes; on one engine.
 */
abstract class CaseworkChangeContract extends DatabaseTestBase {
    private JdbcCaseStore cases;
    private JdbcCustomerStore customers;
    private JdbcAuditTrail trail;
    private UUID acme;

    CaseworkChangeContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStoresAndCustomer() {
        cases = new JdbcCaseStore(db);
        customers = new JdbcCustomerStore(db);
        trail = new JdbcAuditTrail(db);
        acme = customers.insert(customer("crm", "C-1", "Acme"), "alice").id;
    }

    @Test
    void theNewStepFieldsAreStoredAndReadBackWhetherInsertedOrAdded() {
        RecoveryStep decide = step("decide", StepType.MEETING, DUE);
        decide.notBefore = Instant.parse("2026-01-20T09:00:00.654321Z");
        decide.escalatedTo = "mia";
        decide.escalatedAt = Instant.parse("2026-01-21T09:00:00.000001Z");
        decide.contactsCustomer = false;
        decide.anytimeOutcomes = List.of("STOP_REQUESTED", "RESPONDED");
        decide.requires = List.of(StepRequirement.WHY, StepRequirement.AGREEMENT);
        Map<String, List<StepRequirement>> requiresFor = new LinkedHashMap<>();
        requiresFor.put("CAN_DO", List.of(StepRequirement.NOTES));
        requiresFor.put("NEVER", List.of());
        decide.requiresFor = requiresFor;
        Map<String, CaseStatus> closes = new LinkedHashMap<>();
        closes.put("NEVER", CaseStatus.CLOSED_NEVER);
        closes.put("HAND_OVER", CaseStatus.HANDED_OVER);
        decide.closes = closes;
        decide.slaMissed = "planned 30 h after the complaint; the window was 24 h";
        RecoveryStep plain = step("call", StepType.CALL, DUE);

        RecoveryCase created = cases.insert(withSteps(recoveryCase(acme, "price"), decide, plain), "alice");
        CaseChange more = change(created);
        more.newSteps.add(decide);
        RecoveryCase changed = cases.apply(more, "alice");

        for (RecoveryStep stored : List.of(created.steps.get(0), changed.steps.get(2))) {
            assertEquals(decide.notBefore, stored.notBefore);
            assertEquals("mia", stored.escalatedTo);
            assertEquals(decide.escalatedAt, stored.escalatedAt);
            assertFalse(stored.contactsCustomer);
            assertEquals(List.of("STOP_REQUESTED", "RESPONDED"), stored.anytimeOutcomes);
            assertEquals(List.of(StepRequirement.WHY, StepRequirement.AGREEMENT), stored.requires);
            assertEquals(requiresFor, stored.requiresFor);
            assertEquals(List.of("CAN_DO", "NEVER"), List.copyOf(stored.requiresFor.keySet()), "in the given order");
            assertEquals(closes, stored.closes);
            assertEquals(decide.slaMissed, stored.slaMissed);
        }
        RecoveryStep defaults = created.steps.get(1);
        assertTrue(defaults.contactsCustomer);
        assertNull(defaults.notBefore);
        assertNull(defaults.escalatedTo);
        assertNull(defaults.escalatedAt);
        assertNull(defaults.anytimeOutcomes);
        assertNull(defaults.requires);
        assertNull(defaults.requiresFor);
        assertNull(defaults.closes);
        assertNull(defaults.slaMissed);
        assertEquals(Json.tree(changed), Json.tree(cases.find(created.id).orElseThrow()));
    }

    @Test
    void closingKeepsWhoClosedItWhyTheCurrencyAndTheEvidence() {
        RecoveryCase created = open("apologise");
        CaseChange close = completing(created, created.steps.get(0).id);
        close.status = CaseStatus.WON_BACK;
        close.closedAt = Instant.parse("2026-01-05T10:00:00Z");
        close.closedBy = "bob";
        close.closeNotes = "Ordered again after the apology.";
        close.recoveredRevenue = new BigDecimal("980.00");
        close.revenueCurrency = "EUR";
        close.evidence = new WinBackEvidence();
        close.evidence.kind = WinBackEvidence.Kind.PURCHASE;
        close.evidence.purchaseId = UUID.randomUUID();
        close.evidence.purchaseDate = LocalDate.parse("2026-01-04");
        close.evidence.purchaseAmount = new BigDecimal("980.00");

        RecoveryCase closed = cases.apply(close, "bob");
        RecoveryCase touched = cases.apply(change(closed), "carol");

        for (RecoveryCase stored : List.of(closed, touched)) {
            assertEquals("bob", stored.closedBy);
            assertEquals("Ordered again after the apology.", stored.closeNotes);
            assertEquals("EUR", stored.revenueCurrency);
            WinBackEvidence evidence = stored.evidence;
            assertEquals(WinBackEvidence.Kind.PURCHASE, evidence.kind);
            assertEquals(close.evidence.purchaseId, evidence.purchaseId);
            assertEquals(LocalDate.parse("2026-01-04"), evidence.purchaseDate);
            assertEquals(new BigDecimal("980.0000"), evidence.purchaseAmount);
            assertNull(evidence.confirmedBy);
            assertNull(evidence.note);
            assertEquals(closed.updatedAt, evidence.recordedAt, "recorded with the change, when not given");
        }
        assertNull(created.evidence);
        assertNull(created.closedBy);
        assertEquals(Json.tree(touched), Json.tree(cases.find(created.id).orElseThrow()));
        JsonNode audited = Json.parse(trail.forEntity(JdbcCaseStore.ENTITY_TYPE, created.id.toString()).get(1).after);
        assertEquals("PURCHASE", audited.get("evidence").get("kind").asText());
        assertEquals("bob", audited.get("closedBy").asText());
    }

    @Test
    void aManagersConfirmationIsEvidenceToo() {
        RecoveryCase created = open();
        CaseChange close = change(created);
        close.status = CaseStatus.WON_BACK;
        close.evidence = new WinBackEvidence();
        close.evidence.kind = WinBackEvidence.Kind.MANAGER_CONFIRMATION;
        close.evidence.confirmedBy = "mia";
        close.evidence.note = "Signed the renewal on the phone; the order follows next month.";
        close.evidence.recordedAt = Instant.parse("2026-01-05T10:00:00.123456789Z");

        WinBackEvidence stored = cases.apply(close, "mia").evidence;

        assertEquals(WinBackEvidence.Kind.MANAGER_CONFIRMATION, stored.kind);
        assertEquals("mia", stored.confirmedBy);
        assertEquals(close.evidence.note, stored.note);
        assertEquals(Instant.parse("2026-01-05T10:00:00.123456Z"), stored.recordedAt);
        assertNull(stored.purchaseId);
        assertNull(stored.purchaseDate);
        assertNull(stored.purchaseAmount);
    }

    @Test
    void aContactBlockInTheChangeBlocksTheCustomerInTheSameChangeAndIsAuditedThere() {
        RecoveryCase created = open("apologise");
        CaseChange change = completing(created, created.steps.get(0).id);
        change.cancelPlannedSteps = true;
        change.noFurtherContact = true;
        change.contactBlock = new ContactBlock();
        change.contactBlock.reason = "code99: NO_CONTACT_DEMANDED (lawyer's letter)";
        change.contactBlock.setBy = "system:code99";

        RecoveryCase after = cases.apply(change, "bob");

        Customer blocked = customers.find(acme).orElseThrow();
        assertEquals("code99: NO_CONTACT_DEMANDED (lawyer's letter)", blocked.contactBlocked.reason);
        assertEquals("system:code99", blocked.contactBlocked.setBy);
        assertEquals(created.id, blocked.contactBlocked.caseId, "the case that set it");
        assertEquals(after.updatedAt, blocked.contactBlocked.since);
        assertEquals(2, blocked.version);
        assertNull(change.contactBlock.caseId, "the engine's block is left as it was");
        List<AuditEntry> entries = trail.forEntity(JdbcCustomerStore.ENTITY_TYPE, acme.toString());
        assertEquals(List.of("create", "update"), entries.stream().map(e -> e.action).toList());
        assertEquals("bob", entries.get(1).actor);
        assertTrue(Json.parse(entries.get(1).before).get("contactBlocked").isNull());
        assertEquals(Json.tree(blocked), Json.parse(entries.get(1).after));
        assertEquals(2, trail.forEntity(JdbcCaseStore.ENTITY_TYPE, created.id.toString()).size());
    }

    @Test
    void aSecondCaseBlockingTheSameCustomerKeepsTheFirstBlock() throws SQLException {
        RecoveryCase first = open();
        RecoveryCase second = open();
        CaseChange firstBlock = change(first);
        firstBlock.contactBlock = new ContactBlock();
        firstBlock.contactBlock.reason = "first";
        cases.apply(firstBlock, "bob");
        Customer blocked = customers.find(acme).orElseThrow();
        long customerAudit = auditRows(JdbcCustomerStore.ENTITY_TYPE);
        CaseChange secondBlock = change(second);
        secondBlock.contactBlock = new ContactBlock();
        secondBlock.contactBlock.reason = "second";

        RecoveryCase after = cases.apply(secondBlock, "carol");

        assertEquals(2, after.version, "the case's own change still happens");
        assertEquals(Json.tree(blocked), Json.tree(customers.find(acme).orElseThrow()));
        assertEquals(customerAudit, auditRows(JdbcCustomerStore.ENTITY_TYPE));
    }

    @Test
    void reassigningTheOwnerMovesOnlyThatAssigneesPlannedSteps() {
        RecoveryCase created = open("call", "done", "manager-review", "letter");
        RecoveryCase withManagerStep = reassignStep(created, 2, "mia");
        RecoveryCase done = cases.apply(completing(withManagerStep, created.steps.get(1).id), "alice");
        CaseChange reassign = change(done);
        reassign.ownerRep = "bob";
        reassign.reassignFrom = "alice";
        reassign.newSteps.add(step("follow-up", StepType.FOLLOW_UP, DUE));

        RecoveryCase after = cases.apply(reassign, "mia");

        assertEquals("bob", after.ownerRep);
        assertEquals(List.of("bob", "alice", "mia", "bob", "alice"), after.steps.stream().map(s -> s.assignee)
                .toList(), "the DONE step keeps who did it, the manager's step stays hers, a new step is as given");
        assertEquals(StepStatus.DONE, after.steps.get(1).status);
    }

    @Test
    void aNewOwnerWithoutReassignFromLeavesTheStepsWhereTheyAre() {
        RecoveryCase created = open("call");
        CaseChange change = change(created);
        change.ownerRep = "bob";

        RecoveryCase after = cases.apply(change, "mia");

        assertEquals("bob", after.ownerRep);
        assertEquals("alice", after.steps.get(0).assignee);
    }

    @Test
    void theLossReasonAndTheNotesCanBeCorrected() {
        RecoveryCase created = open();
        CaseChange correct = change(created);
        correct.lossReason = "competitor";
        correct.notes = "They went to Initech for the price.";

        RecoveryCase corrected = cases.apply(correct, "bob");
        CaseChange keep = change(corrected);
        RecoveryCase kept = cases.apply(keep, "bob");
        CaseChange clear = change(kept);
        clear.clearNotes = true;
        clear.notes = "ignored: clearing wins";
        RecoveryCase cleared = cases.apply(clear, "bob");

        assertEquals("competitor", corrected.lossReason);
        assertEquals("They went to Initech for the price.", corrected.notes);
        assertEquals("competitor", kept.lossReason);
        assertEquals("They went to Initech for the price.", kept.notes, "null notes keep the notes");
        assertNull(cleared.notes);
        assertEquals("competitor", cleared.lossReason);
    }

    @Test
    void anUnknownLossReasonIsNamedAndUndoesTheWholeChange() throws SQLException {
        RecoveryCase created = open("call", "letter");
        long auditRows = count("SELECT COUNT(*) FROM audit_log");
        CaseChange change = completing(created, created.steps.get(0).id);
        change.newSteps.add(step("follow-up", StepType.FOLLOW_UP, DUE));
        change.contactBlock = new ContactBlock();
        change.contactBlock.reason = "no contact";
        change.ownerRep = "bob";
        change.reassignFrom = "alice";
        change.closedBy = "bob";
        change.lossReason = "no-such-reason";

        UnknownReferenceException refused = assertThrows(UnknownReferenceException.class,
                () -> cases.apply(change, "bob"));

        assertEquals("lossReason", refused.problems().get(0).field());
        assertTrue(refused.getMessage().contains("'no-such-reason'"), refused.getMessage());
        assertEquals(Json.tree(created), Json.tree(cases.find(created.id).orElseThrow()));
        Customer customer = customers.find(acme).orElseThrow();
        assertNull(customer.contactBlocked);
        assertEquals(1, customer.version);
        assertEquals(auditRows, count("SELECT COUNT(*) FROM audit_log"));
    }

    private RecoveryCase open(String... stepNames) {
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.strategy = "fivestep";
        RecoveryStep[] steps = new RecoveryStep[stepNames.length];
        for (int i = 0; i < stepNames.length; i++) {
            steps[i] = step(stepNames[i], StepType.CALL, DUE.plus(Duration.ofDays(i)));
        }
        return cases.insert(withSteps(draft, steps), "alice");
    }

    /** Behind the store's back: no change assigns one step to someone else. */
    private RecoveryCase reassignStep(RecoveryCase recoveryCase, int index, String assignee) {
        db.inTransaction("test", c -> Sql.execute(c, "UPDATE recovery_steps SET assignee = ? WHERE id = ?", assignee,
                recoveryCase.steps.get(index).id));
        return cases.find(recoveryCase.id).orElseThrow();
    }
}
