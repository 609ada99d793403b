package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.CaseChangeContract.change;
import static dev.winback.store.jdbc.CaseChangeContract.completing;
import static dev.winback.store.jdbc.CaseChangeContract.query;
import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static dev.winback.store.jdbc.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepQuery;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.StepType;
import dev.winback.api.dto.Team;
import dev.winback.api.dto.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What lists show of cases and steps: case rows with their next step, running cases, worklists; on one engine. */
abstract class CaseListsContract extends DatabaseTestBase {
    static final Instant T = Instant.parse("2026-03-01T09:00:00Z");

    private JdbcCaseStore cases;
    private UUID acme;
    private UUID beta;

    CaseListsContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStoreAndCustomers() {
        cases = new JdbcCaseStore(db);
        JdbcCustomerStore customers = new JdbcCustomerStore(db);
        acme = customers.insert(customer("crm", "C-1", "Acme"), "alice").id;
        beta = customers.insert(customer("crm", "C-2", "Beta"), "alice").id;
    }

    @Test
    void caseRowsCarryTheCustomersNameAndTheEarliestDuePlannedStep() {
        RecoveryStep early = due("early", "bob", T.plus(hours(1)));
        early.notBefore = T;
        RecoveryCase planned = open(acme, CaseStatus.OPEN, due("late", "alice", T.plus(hours(5))), early,
                due("earliest-but-done", "alice", T));
        planned = cases.apply(completing(planned, planned.steps.get(2).id), "alice");
        RecoveryCase none = open(beta, CaseStatus.OPEN);
        RecoveryCase cancelled = open(beta, CaseStatus.OPEN, due("call", "alice", T));
        CaseChange cancel = change(cancelled);
        cancel.cancelPlannedSteps = true;
        cases.apply(cancel, "alice");

        Map<UUID, RecoveryCase> rows = byId(cases.search(query(q -> { })).items);

        RecoveryCase row = rows.get(planned.id);
        assertEquals("Acme", row.customerName);
        assertEquals(Json.tree(planned.steps.get(1)), Json.tree(row.nextStep), "the whole step, as stored");
        assertEquals("early", row.nextStep.name);
        assertEquals(T, row.nextStep.notBefore);
        assertEquals("bob", row.nextStep.assignee);
        assertEquals(List.of(), row.steps, "lists carry no plan");
        assertEquals("Beta", rows.get(none.id).customerName);
        assertNull(rows.get(none.id).nextStep);
        assertNull(rows.get(cancelled.id).nextStep, "cancelled steps are not next");
        RecoveryCase read = cases.find(planned.id).orElseThrow();
        assertNull(read.customerName, "one case read has the plan instead");
        assertNull(read.nextStep);
    }

    @Test
    void stepsDueAtTheSameTimeComeNextInPlanOrder() {
        RecoveryCase created = open(acme, CaseStatus.OPEN, due("first", "alice", T), due("second", "alice", T));

        RecoveryCase row = cases.search(query(q -> { })).items.get(0);

        assertEquals(created.steps.get(0).id, row.nextStep.id);
    }

    /** The joins add columns but no rows: a case with many steps is one row, and filters and pages still hold. */
    @Test
    void theNextStepLeavesFiltersPagesAndTotalsAlone() {
        List<UUID> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, open(i % 2 == 0 ? acme : beta, CaseStatus.OPEN, due("a", "alice", T),
                    due("b", "alice", T.plus(hours(1))), due("c", "bob", T.minus(hours(1)))).id);
        }

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            int number = page;
            Page<RecoveryCase> result = cases.search(query(q -> {
                q.page = number;
                q.size = 2;
            }));
            assertEquals(5, result.total);
            result.items.forEach(c -> assertEquals("c", c.nextStep.name));
            seen.addAll(CaseChangeContract.ids(result.items));
        }
        Page<RecoveryCase> acmeOnly = cases.search(query(q -> {
            q.customerId = acme;
            q.ownerRep = "alice";
            q.status = CaseStatus.OPEN;
        }));

        assertEquals(newestFirst, seen);
        assertEquals(3, acmeOnly.total);
        acmeOnly.items.forEach(c -> assertEquals("Acme", c.customerName));
    }

    @Test
    void theRunningCaseIsTheOldestOpenOrPausedOne() {
        assertTrue(cases.runningCaseOf(acme).isEmpty());
        for (CaseStatus status : CaseStatus.values()) {
            if (status.isTerminal()) {
                open(acme, status);
            }
        }
        assertTrue(cases.runningCaseOf(acme).isEmpty(), "closed cases do not run");

        RecoveryCase paused = open(acme, CaseStatus.PAUSED);
        open(acme, CaseStatus.OPEN);
        RecoveryCase other = open(beta, CaseStatus.OPEN);

        assertEquals(paused.id, cases.runningCaseOf(acme).orElseThrow());
        assertEquals(other.id, cases.runningCaseOf(beta).orElseThrow());
        assertTrue(cases.runningCaseOf(UUID.randomUUID()).isEmpty());
    }

    @Test
    void aWorklistHasThePlannedStepsOfOpenCasesByDueTime() {
        RecoveryCase acmeCase = open(acme, CaseStatus.OPEN, due("a-call", "alice", T.plus(hours(3))),
                due("a-review", "mia", T.plus(hours(1))), due("a-letter", "alice", T.plus(hours(2))));
        RecoveryCase betaCase = open(beta, CaseStatus.OPEN, due("b-call", "alice", T));
        open(beta, CaseStatus.PAUSED, due("paused", "alice", T));
        open(acme, CaseStatus.WON_BACK, due("closed", "alice", T));
        cases.apply(completing(acmeCase, acmeCase.steps.get(2).id), "alice");

        List<WorkItem> everyone = cases.worklist(steps(q -> { }), null).items;
        List<WorkItem> alices = cases.worklist(steps(q -> q.assignee = "alice"), null).items;
        List<WorkItem> alicesSoon = cases.worklist(steps(q -> q.assignee = "alice"), T.plus(hours(3))).items;

        assertEquals(List.of("b-call", "a-review", "a-call"), names(everyone));
        assertEquals(List.of("b-call", "a-call"), names(alices));
        assertEquals(List.of("b-call"), names(alicesSoon), "due before, not at");
        WorkItem item = everyone.get(1);
        assertEquals(Json.tree(cases.find(acmeCase.id).orElseThrow().steps.get(1)), Json.tree(item.step));
        assertEquals(acmeCase.id, item.caseId);
        assertEquals(acme, item.customerId);
        assertEquals("Acme", item.customerName);
        assertEquals("fivestep", item.strategy);
        assertEquals("alice", item.ownerRep);
        assertEquals(CaseStatus.OPEN, item.caseStatus);
        assertFalse(item.escalated);
        assertEquals(betaCase.id, everyone.get(0).caseId);
    }

    @Test
    void aWorklistOfDoneStepsListsThemWhateverBecameOfTheCase() {
        RecoveryCase created = open(acme, CaseStatus.OPEN, due("call", "alice", T), due("letter", "bob", T));
        RecoveryCase done = cases.apply(completing(created, created.steps.get(0).id), "alice");
        CaseChange close = change(done);
        close.status = CaseStatus.CLOSED_NEVER;
        close.cancelPlannedSteps = true;
        cases.apply(close, "alice");

        List<WorkItem> doneSteps = cases.worklist(steps(q -> q.status = StepStatus.DONE), null).items;
        List<WorkItem> cancelled = cases.worklist(steps(q -> q.status = StepStatus.CANCELLED), null).items;

        assertEquals(List.of("call"), names(doneSteps));
        assertEquals(CaseStatus.CLOSED_NEVER, doneSteps.get(0).caseStatus);
        assertEquals(List.of("letter"), names(cancelled));
        assertEquals(List.of(), cases.worklist(steps(q -> { }), null).items);
    }

    @Test
    void worklistPagesAreStableForStepsDueAtTheSameTime() {
        clock.step(Duration.ZERO);
        List<RecoveryStep> plan = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            plan.add(due("s" + i, "alice", T));
        }
        plan.add(due("earlier", "alice", T.minus(hours(1))));
        RecoveryCase created = open(acme, CaseStatus.OPEN, plan.toArray(new RecoveryStep[0]));
        List<UUID> expected = new ArrayList<>();
        expected.add(created.steps.get(5).id);
        created.steps.subList(0, 5).stream().map(s -> s.id).sorted(Comparator.comparing(UUID::toString))
                .forEach(expected::add);

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            int number = page;
            Page<WorkItem> result = cases.worklist(steps(q -> {
                q.page = number;
                q.size = 2;
            }), null);
            assertEquals(6, result.total);
            assertEquals(number, result.page);
            assertEquals(2, result.size);
            result.items.forEach(w -> seen.add(w.step.id));
        }

        assertEquals(expected, seen);
        assertEquals(1, cases.worklist(steps(q -> q.size = 0), T).total, "a size of zero only counts");
    }

    @Test
    void anEscalatedStepSaysSoInTheWorklist() {
        Team north = new Team();
        north.name = "north";
        north.manager = "mia";
        north.members = List.of("alice");
        new JdbcTeamStore(db).put(north, null, "admin");
        RecoveryStep late = due("late", "alice", T);
        late.escalateWhenOverdue = true;
        open(acme, CaseStatus.OPEN, late, due("quiet", "alice", T.plus(hours(1))));

        cases.claimNewlyOverdue(T.plus(hours(2)), 10, null, "scheduler");
        List<WorkItem> items = cases.worklist(steps(q -> { }), null).items;

        assertTrue(items.get(0).escalated);
        assertEquals("mia", items.get(0).step.escalatedTo);
        assertFalse(items.get(1).escalated, "overdue, but not a step that escalates");
    }

    private RecoveryCase open(UUID customerId, CaseStatus status, RecoveryStep... steps) {
        RecoveryCase draft = recoveryCase(customerId, "price");
        draft.strategy = "fivestep";
        draft.status = status;
        draft.steps = List.of(steps);
        return cases.insert(draft, "alice");
    }

    private static RecoveryStep due(String name, String assignee, Instant dueAt) {
        RecoveryStep step = step(name, StepType.CALL, dueAt);
        step.assignee = assignee;
        return step;
    }

    private static StepQuery steps(Consumer<StepQuery> filters) {
        StepQuery query = new StepQuery();
        filters.accept(query);
        return query;
    }

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    private static List<String> names(List<WorkItem> items) {
        return items.stream().map(w -> w.step.name).collect(Collectors.toList());
    }

    private static Map<UUID, RecoveryCase> byId(List<RecoveryCase> list) {
        return list.stream().collect(Collectors.toMap(c -> c.id, Function.identity()));
    }
}
