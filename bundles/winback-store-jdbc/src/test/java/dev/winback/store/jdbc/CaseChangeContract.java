package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static dev.winback.store.jdbc.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Steps, engine decisions ({@link CaseChange}) and strategy moves, on one engine. */
abstract class CaseChangeContract extends DatabaseTestBase {
    static final Instant DUE = Instant.parse("2026-02-01T09:00:00.123456Z");

    private JdbcCaseStore cases;
    private JdbcAuditTrail trail;
    private UUID acme;

    CaseChangeContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStoreAndCustomer() {
        cases = new JdbcCaseStore(db);
        trail = new JdbcAuditTrail(db);
        acme = new JdbcCustomerStore(db).insert(customer("crm", "C-1", "Acme"), "alice").id;
    }

    @Test
    void insertStoresTheFirstStepsInPlanOrderWithAllTheirFields() {
        RecoveryStep apologise = step("apologise", StepType.CALL, DUE.plus(Duration.ofDays(2)));
        apologise.escalateWhenOverdue = true;
        // A comma inside a code: the list is stored as JSON, not as comma-separated text.
        apologise.allowedOutcomes = List.of("CAN_DO", "NEVER, EVER");
        RecoveryStep meet = step("meet", StepType.MEETING, DUE);
        meet.assignee = null;
        meet.instructions = null;
        meet.allowedOutcomes = null;
        RecoveryStep letter = step("letter", StepType.LETTER, DUE.plusSeconds(1));
        letter.allowedOutcomes = List.of();
        letter.instructions = "i".repeat(2000);

        RecoveryCase created = cases.insert(withSteps(recoveryCase(acme, "price"), apologise, meet, letter), "alice");

        assertEquals(List.of("apologise", "meet", "letter"), names(created));
        for (RecoveryStep stored : created.steps) {
            assertNotNull(stored.id);
            assertEquals(created.id, stored.caseId);
            assertEquals(created.createdAt, stored.createdAt);
            assertEquals(StepStatus.PLANNED, stored.status);
            assertNull(stored.outcome);
            assertNull(stored.overdueSince);
        }
        assertEquals(3, created.steps.stream().map(s -> s.id).distinct().count());
        RecoveryStep first = created.steps.get(0);
        assertEquals(StepType.CALL, first.type);
        assertEquals(DUE.plus(Duration.ofDays(2)), first.dueAt);
        assertEquals("alice", first.assignee);
        assertEquals("Call them and apologise for the apologise.", first.instructions);
        assertEquals(List.of("CAN_DO", "NEVER, EVER"), first.allowedOutcomes);
        assertTrue(first.escalateWhenOverdue);
        RecoveryStep second = created.steps.get(1);
        assertEquals(StepType.MEETING, second.type);
        assertEquals(DUE, second.dueAt);
        assertNull(second.assignee);
        assertNull(second.instructions);
        assertNull(second.allowedOutcomes);
        assertFalse(second.escalateWhenOverdue);
        assertEquals(List.of(), created.steps.get(2).allowedOutcomes);
        assertEquals(letter.instructions, created.steps.get(2).instructions);
        assertEquals(Json.tree(created), Json.tree(cases.find(created.id).orElseThrow()));
        AuditEntry create = trail.forEntity(JdbcCaseStore.ENTITY_TYPE, created.id.toString()).get(0);
        assertEquals(Json.tree(created), Json.parse(create.after));
    }

    @Test
    void stepsStayInPlanOrderWhateverTheirDueTimesIdsOrTimestamps() {
        clock.step(Duration.ZERO);
        List<RecoveryStep> plan = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            plan.add(step("s" + i, StepType.FOLLOW_UP, DUE.minus(Duration.ofHours(i))));
            expected.add("s" + i);
        }
        RecoveryCase created = cases.insert(withSteps(recoveryCase(acme, "price"),
                plan.toArray(new RecoveryStep[0])), "alice");
        CaseChange more = change(created);
        for (int i = 10; i < 15; i++) {
            more.newSteps.add(step("s" + i, StepType.FOLLOW_UP, DUE.minus(Duration.ofHours(i))));
            expected.add("s" + i);
        }

        cases.apply(more, "alice");

        assertEquals(expected, names(cases.find(created.id).orElseThrow()));
    }

    @Test
    void aCaseWithoutStepsHasAnEmptyPlan() {
        RecoveryCase created = cases.insert(recoveryCase(acme, "price"), "alice");

        assertEquals(List.of(), created.steps);
        assertEquals(List.of(), cases.find(created.id).orElseThrow().steps);
        assertFalse(created.noFurtherContact);
        assertNull(created.recoveredRevenue);
        assertNull(created.closedAt);
    }

    @Test
    void applyCompletesAStepAddsStepsAndMovesTheCaseInOneVersion() {
        RecoveryCase created = openWithSteps("apologise", "meet");
        RecoveryStep apologise = created.steps.get(0);
        CaseChange change = change(created);
        change.completeStep = apologise.id;
        change.outcome = outcome("CAN_DO", "They would come back for a 10% discount.");
        change.newSteps.add(step("offer", StepType.LETTER, DUE.plus(Duration.ofDays(3))));
        change.status = CaseStatus.PAUSED;
        change.strategy = "surprise24";

        RecoveryCase after = cases.apply(change, "bob");

        assertEquals(2, after.version);
        assertTrue(after.updatedAt.isAfter(created.updatedAt));
        assertEquals(created.createdAt, after.createdAt);
        assertEquals(CaseStatus.PAUSED, after.status);
        assertEquals("surprise24", after.strategy);
        assertEquals(created.notes, after.notes);
        assertEquals(List.of("apologise", "meet", "offer"), names(after));
        RecoveryStep done = after.steps.get(0);
        assertEquals(StepStatus.DONE, done.status);
        assertEquals("CAN_DO", done.outcome.code);
        assertEquals("They would come back for a 10% discount.", done.outcome.notes);
        assertEquals("bob", done.outcome.recordedBy);
        assertEquals(after.updatedAt, done.outcome.recordedAt);
        assertEquals(Json.tree(created.steps.get(1)), Json.tree(after.steps.get(1)), "the other step is untouched");
        RecoveryStep offer = after.steps.get(2);
        assertEquals(StepStatus.PLANNED, offer.status);
        assertEquals(created.id, offer.caseId);
        assertEquals(after.updatedAt, offer.createdAt);
        assertEquals(DUE.plus(Duration.ofDays(3)), offer.dueAt);
        assertEquals(Json.tree(after), Json.tree(cases.find(created.id).orElseThrow()));

        List<AuditEntry> entries = trail.forEntity(JdbcCaseStore.ENTITY_TYPE, created.id.toString());
        assertEquals(List.of("create", "update"), entries.stream().map(e -> e.action).toList());
        AuditEntry update = entries.get(1);
        assertEquals("bob", update.actor);
        assertEquals(after.updatedAt, update.at);
        assertEquals(Json.tree(created), Json.parse(update.before));
        assertEquals(Json.tree(after), Json.parse(update.after));
    }

    @Test
    void anOutcomeKeepsWhoRecordedItAndWhenWhenTheEngineSaysSo() {
        RecoveryCase created = openWithSteps("apologise");
        CaseChange change = change(created);
        change.completeStep = created.steps.get(0).id;
        change.outcome = outcome("DONE", null);
        change.outcome.recordedBy = "carol";
        change.outcome.recordedAt = Instant.parse("2026-01-01T08:00:00.000001Z");

        Outcome stored = cases.apply(change, "engine").steps.get(0).outcome;

        assertEquals("carol", stored.recordedBy);
        assertEquals(Instant.parse("2026-01-01T08:00:00.000001Z"), stored.recordedAt);
        assertNull(stored.notes);
    }

    @Test
    void completingADoneStepIsAConflictAndChangesNothing() throws SQLException {
        RecoveryCase created = openWithSteps("apologise", "meet");
        UUID apologise = created.steps.get(0).id;
        RecoveryCase done = cases.apply(completing(created, apologise), "bob");
        long auditBefore = auditRows(JdbcCaseStore.ENTITY_TYPE);

        CaseChange again = completing(done, apologise);
        again.newSteps.add(step("offer", StepType.LETTER, DUE));
        again.status = CaseStatus.WON_BACK;
        again.cancelPlannedSteps = true;
        ConflictException refused = assertThrows(ConflictException.class, () -> cases.apply(again, "bob"));

        assertTrue(refused.getMessage().contains("already DONE"), refused.getMessage());
        assertTrue(refused.getMessage().contains(apologise.toString()), refused.getMessage());
        assertUnchanged(done);
        assertEquals(auditBefore, auditRows(JdbcCaseStore.ENTITY_TYPE));
    }

    @Test
    void completingACancelledStepIsAConflict() {
        RecoveryCase created = openWithSteps("apologise", "meet");
        CaseChange cancel = change(created);
        cancel.cancelPlannedSteps = true;
        RecoveryCase cancelled = cases.apply(cancel, "bob");

        ConflictException refused = assertThrows(ConflictException.class,
                () -> cases.apply(completing(cancelled, cancelled.steps.get(1).id), "bob"));

        assertTrue(refused.getMessage().contains("already CANCELLED"), refused.getMessage());
        assertUnchanged(cancelled);
    }

    @Test
    void aStepOfAnotherCaseOrOfNoneIsNotFoundAndChangesNothing() {
        RecoveryCase created = openWithSteps("apologise");
        RecoveryCase other = openWithSteps("apologise");

        NotFoundException foreign = assertThrows(NotFoundException.class,
                () -> cases.apply(completing(created, other.steps.get(0).id), "bob"));
        assertThrows(NotFoundException.class, () -> cases.apply(completing(created, UUID.randomUUID()), "bob"));
        CaseChange noCase = new CaseChange();
        noCase.caseId = UUID.randomUUID();
        noCase.expectedVersion = 1;
        NotFoundException missing = assertThrows(NotFoundException.class, () -> cases.apply(noCase, "bob"));

        assertTrue(foreign.getMessage().contains(other.steps.get(0).id.toString()), foreign.getMessage());
        assertTrue(missing.getMessage().contains(noCase.caseId.toString()), missing.getMessage());
        assertUnchanged(created);
        assertUnchanged(other);
    }

    @Test
    void aStaleVersionIsRefusedAndChangesNothing() throws SQLException {
        RecoveryCase created = openWithSteps("apologise");
        CaseChange first = change(created);
        first.newSteps.add(step("meet", StepType.MEETING, DUE));
        RecoveryCase current = cases.apply(first, "alice");
        long auditBefore = auditRows(JdbcCaseStore.ENTITY_TYPE);

        CaseChange stale = completing(created, created.steps.get(0).id);
        stale.newSteps.add(step("offer", StepType.LETTER, DUE));
        stale.status = CaseStatus.WON_BACK;
        VersionMismatchException refused = assertThrows(VersionMismatchException.class,
                () -> cases.apply(stale, "bob"));

        assertEquals(2, refused.currentVersion());
        assertTrue(refused.getMessage().contains("version 2, you had 1"), refused.getMessage());
        assertUnchanged(current);
        assertEquals(auditBefore, auditRows(JdbcCaseStore.ENTITY_TYPE));
    }

    @Test
    void cancellingLeavesFinishedStepsAloneAndKeepsTheStepsAddedWithIt() {
        RecoveryCase created = openWithSteps("apologise", "meet", "letter");
        RecoveryCase done = cases.apply(completing(created, created.steps.get(0).id), "bob");
        CaseChange change = change(done);
        change.cancelPlannedSteps = true;
        change.newSteps.add(step("survey", StepType.SURVEY, DUE));

        RecoveryCase after = cases.apply(change, "bob");

        assertEquals(List.of(StepStatus.DONE, StepStatus.CANCELLED, StepStatus.CANCELLED, StepStatus.PLANNED),
                after.steps.stream().map(s -> s.status).toList());
        assertEquals(Json.tree(done.steps.get(0)), Json.tree(after.steps.get(0)));
        assertNull(after.steps.get(1).outcome);
    }

    @Test
    void closingKeepsRevenueClosedAtAndNoFurtherContactUntilAChangeSetsThemAgain() {
        RecoveryCase created = openWithSteps("apologise");
        Instant closedAt = Instant.parse("2026-01-01T12:00:00.654321Z");
        CaseChange close = completing(created, created.steps.get(0).id);
        close.status = CaseStatus.WON_BACK;
        close.recoveredRevenue = new BigDecimal("1234.5");
        close.closedAt = closedAt;
        close.noFurtherContact = true;

        RecoveryCase closed = cases.apply(close, "bob");
        RecoveryCase touched = cases.apply(change(closed), "bob");

        assertEquals(CaseStatus.WON_BACK, closed.status);
        assertEquals(new BigDecimal("1234.5000"), closed.recoveredRevenue);
        assertEquals(closedAt, closed.closedAt);
        assertTrue(closed.noFurtherContact);
        assertEquals(3, touched.version);
        assertEquals(CaseStatus.WON_BACK, touched.status);
        assertEquals(new BigDecimal("1234.5000"), touched.recoveredRevenue);
        assertEquals(closedAt, touched.closedAt);
        assertTrue(touched.noFurtherContact, "false in a change leaves the flag as it is");
        String json = trail.forEntity(JdbcCaseStore.ENTITY_TYPE, created.id.toString()).get(1).after;
        assertTrue(json.contains("\"recoveredRevenue\":1234.5000"), json);
    }

    @Test
    void anOutcomeAndTheStepItCompletesComeTogether() {
        RecoveryCase created = openWithSteps("apologise");
        CaseChange outcomeOnly = change(created);
        outcomeOnly.outcome = outcome("DONE", null);
        CaseChange stepOnly = change(created);
        stepOnly.completeStep = created.steps.get(0).id;

        assertThrows(IllegalArgumentException.class, () -> cases.apply(outcomeOnly, "bob"));
        assertThrows(IllegalArgumentException.class, () -> cases.apply(stepOnly, "bob"));
        assertUnchanged(created);
    }

    @Test
    void aNewStepWithoutADueTimeIsRefusedBeforeAnythingIsWritten() {
        RecoveryCase created = openWithSteps("apologise");
        CaseChange change = change(created);
        change.newSteps.add(step("meet", StepType.MEETING, null));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> cases.apply(change, "bob"));

        assertTrue(refused.getMessage().contains("New step 1"), refused.getMessage());
        assertUnchanged(created);
    }

    @Test
    void movingAStrategysCasesTouchesOnlyThatStrategyAndThatStatus() throws SQLException {
        RecoveryCase first = openWithStrategy("fivestep", CaseStatus.OPEN, "apologise");
        RecoveryCase second = openWithStrategy("fivestep", CaseStatus.OPEN);
        RecoveryCase won = openWithStrategy("fivestep", CaseStatus.WON_BACK);
        RecoveryCase other = openWithStrategy("surprise24", CaseStatus.OPEN);
        RecoveryCase none = openWithStrategy(null, CaseStatus.OPEN);
        long auditBefore = auditRows(JdbcCaseStore.ENTITY_TYPE);

        assertEquals(2, cases.moveStrategyCases("fivestep", CaseStatus.OPEN, CaseStatus.PAUSED, "system"));

        RecoveryCase paused = cases.find(first.id).orElseThrow();
        assertEquals(CaseStatus.PAUSED, paused.status);
        assertEquals(2, paused.version);
        assertTrue(paused.updatedAt.isAfter(first.updatedAt));
        assertEquals(Json.tree(first.steps), Json.tree(paused.steps), "steps wait as they are");
        assertStatus(second, CaseStatus.PAUSED, 2);
        assertStatus(won, CaseStatus.WON_BACK, 1);
        assertStatus(other, CaseStatus.OPEN, 1);
        assertStatus(none, CaseStatus.OPEN, 1);
        assertEquals(auditBefore + 2, auditRows(JdbcCaseStore.ENTITY_TYPE));
        AuditEntry move = trail.forEntity(JdbcCaseStore.ENTITY_TYPE, first.id.toString()).get(1);
        assertEquals("system", move.actor);
        assertEquals(paused.updatedAt, move.at);
        JsonNode before = Json.parse(move.before);
        JsonNode after = Json.parse(move.after);
        assertEquals("OPEN", before.get("status").asText());
        assertEquals(1, before.get("version").asLong());
        assertEquals("PAUSED", after.get("status").asText());
        assertEquals(2, after.get("version").asLong());
        assertEquals(paused.updatedAt.toString(), after.get("updatedAt").asText());

        assertEquals(0, cases.moveStrategyCases("fivestep", CaseStatus.OPEN, CaseStatus.PAUSED, "system"));
        assertEquals(0, cases.moveStrategyCases("nurture", CaseStatus.OPEN, CaseStatus.PAUSED, "system"));
        assertEquals(2, cases.moveStrategyCases("fivestep", CaseStatus.PAUSED, CaseStatus.OPEN, "system"));

        assertStatus(first, CaseStatus.OPEN, 3);
        assertStatus(second, CaseStatus.OPEN, 3);
        assertStatus(won, CaseStatus.WON_BACK, 1);
        assertEquals(auditBefore + 4, auditRows(JdbcCaseStore.ENTITY_TYPE));
    }

    @Test
    void aMoveInvalidatesTheVersionAnEngineDecidedOn() {
        RecoveryCase created = openWithStrategy("fivestep", CaseStatus.OPEN, "apologise");
        cases.moveStrategyCases("fivestep", CaseStatus.OPEN, CaseStatus.PAUSED, "system");

        assertThrows(VersionMismatchException.class,
                () -> cases.apply(completing(created, created.steps.get(0).id), "bob"));
    }

    @Test
    void searchFiltersByStrategyAndListsCasesWithoutSteps() {
        RecoveryCase first = openWithStrategy("fivestep", CaseStatus.OPEN, "apologise");
        RecoveryCase paused = openWithStrategy("fivestep", CaseStatus.PAUSED, "apologise");
        RecoveryCase other = openWithStrategy("surprise24", CaseStatus.OPEN);

        List<RecoveryCase> fivestep = cases.search(query(q -> q.strategy = "fivestep")).items;

        assertEquals(List.of(paused.id, first.id), ids(fivestep));
        fivestep.forEach(c -> assertEquals(List.of(), c.steps));
        assertEquals(List.of(first.id), ids(cases.search(query(q -> {
            q.strategy = "fivestep";
            q.status = CaseStatus.OPEN;
        })).items));
        assertEquals(List.of(other.id), ids(cases.search(query(q -> q.strategy = "surprise24")).items));
        assertTrue(cases.search(query(q -> q.strategy = "five")).items.isEmpty(), "an exact match");
    }

    private RecoveryCase openWithSteps(String... stepNames) {
        return openWithStrategy("fivestep", CaseStatus.OPEN, stepNames);
    }

    private RecoveryCase openWithStrategy(String strategy, CaseStatus status, String... stepNames) {
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.strategy = strategy;
        draft.status = status;
        List<RecoveryStep> steps = new ArrayList<>();
        for (int i = 0; i < stepNames.length; i++) {
            steps.add(step(stepNames[i], StepType.CALL, DUE.plus(Duration.ofDays(i))));
        }
        draft.steps = steps;
        return cases.insert(draft, "alice");
    }

    private void assertUnchanged(RecoveryCase expected) {
        assertEquals(Json.tree(expected), Json.tree(cases.find(expected.id).orElseThrow()));
    }

    private void assertStatus(RecoveryCase original, CaseStatus status, long version) {
        RecoveryCase now = cases.find(original.id).orElseThrow();
        assertEquals(status, now.status, original.strategy);
        assertEquals(version, now.version, original.strategy);
        if (version == original.version) {
            assertEquals(Json.tree(original), Json.tree(now));
        } else {
            assertNotEquals(original.updatedAt, now.updatedAt);
        }
    }

    static RecoveryCase withSteps(RecoveryCase draft, RecoveryStep... steps) {
        draft.steps = List.of(steps);
        return draft;
    }

    static CaseChange change(RecoveryCase on) {
        CaseChange change = new CaseChange();
        change.caseId = on.id;
        change.expectedVersion = on.version;
        return change;
    }

    static CaseChange completing(RecoveryCase on, UUID step) {
        CaseChange change = change(on);
        change.completeStep = step;
        change.outcome = outcome("DONE", "Called, they listened.");
        return change;
    }

    static Outcome outcome(String code, String notes) {
        Outcome outcome = new Outcome();
        outcome.code = code;
        outcome.notes = notes;
        return outcome;
    }

    static List<String> names(RecoveryCase recoveryCase) {
        return recoveryCase.steps.stream().map(s -> s.name).collect(Collectors.toList());
    }

    static List<UUID> ids(List<RecoveryCase> list) {
        return list.stream().map(c -> c.id).collect(Collectors.toList());
    }

    static CaseQuery query(Consumer<CaseQuery> filters) {
        CaseQuery query = new CaseQuery();
        query.size = 50;
        filters.accept(query);
        return query;
    }
}
