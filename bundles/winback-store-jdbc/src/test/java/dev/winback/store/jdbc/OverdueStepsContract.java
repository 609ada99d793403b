package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.CaseChangeContract.completing;
import static dev.winback.store.jdbc.CaseChangeContract.ids;
import static dev.winback.store.jdbc.CaseChangeContract.query;
import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static dev.winback.store.jdbc.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepType;
import dev.winback.api.dto.Team;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The overdue sweep that several nodes run at once, and the overdue filter of case lists, on one engine. */
abstract class OverdueStepsContract extends DatabaseTestBase {
    /** The sweep's "now"; steps due before it are overdue. */
    static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
    static final Instant PAST = Instant.parse("2025-12-01T09:00:00.123456Z");
    static final Instant FUTURE = Instant.parse("2027-01-01T09:00:00Z");

    private JdbcCaseStore cases;
    private UUID acme;

    OverdueStepsContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStoreAndCustomer() {
        cases = new JdbcCaseStore(db);
        acme = new JdbcCustomerStore(db).insert(customer("crm", "C-1", "Acme"), "alice").id;
    }

    @Test
    void repeatedSweepsClaimEachOverdueStepOnceOldestDueFirst() throws SQLException {
        RecoveryCase first = open("fivestep", CaseStatus.OPEN, due("o1", PAST), due("o2", PAST.plus(hours(2))),
                due("later", FUTURE));
        RecoveryCase second = open("fivestep", CaseStatus.OPEN, due("o3", PAST.plus(hours(1))), due("done", PAST));
        second = cases.apply(completing(second, second.steps.get(1).id), "bob");

        List<RecoveryStep> sweep1 = cases.claimNewlyOverdue(NOW, 2, null, "scheduler");
        List<RecoveryStep> sweep2 = cases.claimNewlyOverdue(NOW, 2, null, "scheduler");
        List<RecoveryStep> sweep3 = cases.claimNewlyOverdue(NOW, 2, null, "scheduler");

        assertEquals(List.of("o1", "o3"), names(sweep1));
        assertEquals(List.of("o2"), names(sweep2));
        assertEquals(List.of(), sweep3);
        RecoveryCase firstNow = cases.find(first.id).orElseThrow();
        assertEquals(Json.tree(firstNow.steps.get(0)), Json.tree(sweep1.get(0)), "returned as stored");
        assertEquals(NOW, firstNow.steps.get(0).overdueSince);
        assertEquals(NOW, firstNow.steps.get(1).overdueSince);
        assertNull(firstNow.steps.get(2).overdueSince);
        assertEquals(first.version, firstNow.version, "the flag is no decision on the case");
        assertEquals(second.version, cases.find(second.id).orElseThrow().version);
        assertNull(cases.find(second.id).orElseThrow().steps.get(1).overdueSince, "a DONE step is not overdue");

        List<RecoveryStep> nextYear = cases.claimNewlyOverdue(FUTURE.plus(hours(1)), 10, null, "scheduler");

        assertEquals(List.of("later"), names(nextYear));
        assertEquals(4, auditRows(JdbcCaseStore.STEP_ENTITY_TYPE));
        List<AuditEntry> o1 = new JdbcAuditTrail(db).forEntity(JdbcCaseStore.STEP_ENTITY_TYPE,
                sweep1.get(0).id.toString());
        assertEquals(1, o1.size());
        assertEquals("scheduler", o1.get(0).actor);
        assertTrue(Json.parse(o1.get(0).before).get("overdueSince").isNull());
        assertEquals(NOW.toString(), Json.parse(o1.get(0).after).get("overdueSince").asText());
    }

    @Test
    void anEscalatingStepGoesToTheManagerOfTheOwnersTeamElseToTheOwner() {
        Team north = new Team();
        north.name = "north";
        north.manager = "mia";
        north.members = List.of("alice", "carol");
        new JdbcTeamStore(db).put(north, null, "admin");
        RecoveryStep alicesLate = due("alices-late", PAST);
        alicesLate.escalateWhenOverdue = true;
        RecoveryStep alicesQuiet = due("alices-quiet", PAST);
        RecoveryCase alices = open("fivestep", CaseStatus.OPEN, alicesLate, alicesQuiet);
        RecoveryStep davesLate = due("daves-late", PAST.plus(hours(1)));
        davesLate.escalateWhenOverdue = true;
        RecoveryCase daves = openOwnedBy("dave", davesLate);

        List<RecoveryStep> claimed = cases.claimNewlyOverdue(NOW, 10, null, "scheduler");

        Map<String, RecoveryStep> byName = claimed.stream().collect(Collectors.toMap(s -> s.name, s -> s));
        assertEquals("mia", byName.get("alices-late").escalatedTo, "the manager of the owner's team");
        assertEquals(NOW, byName.get("alices-late").escalatedAt);
        assertNull(byName.get("alices-quiet").escalatedTo, "a step that does not escalate is only flagged");
        assertNull(byName.get("alices-quiet").escalatedAt);
        assertEquals(NOW, byName.get("alices-quiet").overdueSince);
        assertEquals("dave", byName.get("daves-late").escalatedTo, "an owner in no team is told themself");
        assertEquals(NOW, byName.get("daves-late").escalatedAt);
        RecoveryCase alicesNow = cases.find(alices.id).orElseThrow();
        assertEquals(Json.tree(alicesNow.steps.get(0)), Json.tree(byName.get("alices-late")), "returned as stored");
        assertEquals(Json.tree(alicesNow.steps.get(1)), Json.tree(byName.get("alices-quiet")));
        assertEquals(Json.tree(cases.find(daves.id).orElseThrow().steps.get(0)), Json.tree(byName.get("daves-late")));
        AuditEntry audited = new JdbcAuditTrail(db).forEntity(JdbcCaseStore.STEP_ENTITY_TYPE,
                byName.get("alices-late").id.toString()).get(0);
        assertTrue(Json.parse(audited.before).get("escalatedTo").isNull());
        assertEquals("mia", Json.parse(audited.after).get("escalatedTo").asText());
    }

    @Test
    void anOwnerInNoTeamEscalatesToTheFallbackManagerWhenThereIsOne() {
        Team north = new Team();
        north.name = "north";
        north.manager = "mia";
        north.members = List.of("alice");
        new JdbcTeamStore(db).put(north, null, "admin");
        RecoveryStep alicesLate = due("alices-late", PAST);
        alicesLate.escalateWhenOverdue = true;
        open("fivestep", CaseStatus.OPEN, alicesLate);
        RecoveryStep davesLate = due("daves-late", PAST.plus(hours(1)));
        davesLate.escalateWhenOverdue = true;
        openOwnedBy("dave", davesLate);

        Map<String, RecoveryStep> byName = cases.claimNewlyOverdue(NOW, 10, "head-of-sales", "scheduler").stream()
                .collect(Collectors.toMap(s -> s.name, s -> s));
        assertEquals("mia", byName.get("alices-late").escalatedTo, "a team's manager comes first");
        assertEquals("head-of-sales", byName.get("daves-late").escalatedTo);
    }

    @Test
    void onlyOpenCasesHaveStepsClaimedAndPausedOnesWaitUntilTheyResume() {
        RecoveryCase open = open("fivestep", CaseStatus.OPEN, due("open-step", PAST));
        RecoveryCase paused = open("surprise24", CaseStatus.OPEN, due("paused-step", PAST));
        open("nurture", CaseStatus.WON_BACK, due("won-step", PAST));
        open("nurture", CaseStatus.CLOSED_NEVER, due("closed-step", PAST));
        cases.moveStrategyCases("surprise24", CaseStatus.OPEN, CaseStatus.PAUSED, "system");

        assertEquals(List.of("open-step"), names(cases.claimNewlyOverdue(NOW, 10, null, "scheduler")));
        assertEquals(List.of(), cases.claimNewlyOverdue(NOW, 10, null, "scheduler"));

        cases.moveStrategyCases("surprise24", CaseStatus.PAUSED, CaseStatus.OPEN, "system");

        List<RecoveryStep> resumed = cases.claimNewlyOverdue(NOW, 10, null, "scheduler");
        assertEquals(List.of("paused-step"), names(resumed));
        assertEquals(paused.id, resumed.get(0).caseId);
        assertEquals(List.of(), cases.claimNewlyOverdue(NOW, 10, null, "scheduler"));
        assertEquals(open.version, cases.find(open.id).orElseThrow().version);
    }

    @Test
    void aLimitOfZeroClaimsNothing() {
        open("fivestep", CaseStatus.OPEN, due("o1", PAST));

        assertEquals(List.of(), cases.claimNewlyOverdue(NOW, 0, null, "scheduler"));
        assertEquals(List.of("o1"), names(cases.claimNewlyOverdue(NOW, 1, null, "scheduler")));
    }

    /** What SKIP LOCKED buys: a node does not wait for steps another node is flagging, it takes the others. */
    @Test
    void aSweepPassesOverStepsAnotherTransactionHoldsInsteadOfWaiting() throws Exception {
        RecoveryCase recoveryCase = open("fivestep", CaseStatus.OPEN, due("o1", PAST), due("o2", PAST.plus(hours(1))),
                due("o3", PAST.plus(hours(2))));
        UUID held = recoveryCase.steps.get(1).id;

        List<RecoveryStep> whileHeld;
        try (Connection otherNode = database.dataSource().getConnection()) {
            otherNode.setAutoCommit(false);
            try (PreparedStatement lock = otherNode.prepareStatement(
                    "SELECT id FROM recovery_steps WHERE id = ? FOR UPDATE")) {
                Sql.bind(lock, held);
                try (ResultSet rs = lock.executeQuery()) {
                    assertTrue(rs.next());
                }
            }
            // Without SKIP LOCKED the sweep would block on the held row until the timeout fails the test.
            whileHeld = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> cases.claimNewlyOverdue(NOW, 10, null, "node-2"));
            otherNode.rollback();
        }

        assertEquals(List.of("o1", "o3"), names(whileHeld));
        assertEquals(List.of(held), cases.claimNewlyOverdue(NOW, 10, null, "node-2").stream().map(s -> s.id).toList());
    }

    @Test
    void nodesSweepingAtOnceClaimEveryOverdueStepExactlyOnce() throws Exception {
        Set<UUID> overdue = new HashSet<>();
        for (int c = 0; c < 8; c++) {
            List<RecoveryStep> plan = new ArrayList<>();
            for (int s = 0; s < 5; s++) {
                plan.add(due("c" + c + "s" + s, PAST.plus(Duration.ofMinutes(c * 10L + s))));
            }
            plan.add(due("c" + c + "-later", FUTURE));
            RecoveryCase created = open("fivestep", CaseStatus.OPEN, plan.toArray(new RecoveryStep[0]));
            created.steps.stream().filter(s -> s.dueAt.isBefore(NOW)).forEach(s -> overdue.add(s.id));
        }
        int nodes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        List<UUID> claimed = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<UUID>>> results = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                String node = "node-" + n;
                Callable<List<UUID>> sweeper = () -> {
                    start.await();
                    List<UUID> mine = new ArrayList<>();
                    List<RecoveryStep> batch;
                    do {
                        batch = cases.claimNewlyOverdue(NOW, 3, null, node);
                        batch.forEach(s -> mine.add(s.id));
                        // More than there are means steps come back again: stop, and let the asserts say so.
                    } while (!batch.isEmpty() && mine.size() <= overdue.size());
                    return mine;
                };
                results.add(pool.submit(sweeper));
            }
            start.countDown();
            for (Future<List<UUID>> result : results) {
                claimed.addAll(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(40, overdue.size());
        assertEquals(overdue.size(), claimed.size(), "no step claimed twice, none left out");
        assertEquals(overdue, new HashSet<>(claimed));
        assertEquals(40, count("SELECT COUNT(*) FROM recovery_steps WHERE overdue_since IS NOT NULL"));
        assertEquals(40, auditRows(JdbcCaseStore.STEP_ENTITY_TYPE));
        assertEquals(List.of(), cases.claimNewlyOverdue(NOW, 100, null, "late-node"));
    }

    @Test
    void searchFindsCasesWithAPlannedStepPastDueByTheStoresClock() {
        // Due an hour after the test clock's present: overdue for the database's own clock, not yet for the store's.
        Instant soon = TestClock.START.plus(hours(1));
        RecoveryCase overdue = open("fivestep", CaseStatus.OPEN, due("late", PAST), due("next", FUTURE));
        RecoveryCase notYet = open("fivestep", CaseStatus.OPEN, due("soon", soon));
        RecoveryCase finished = open("fivestep", CaseStatus.OPEN, due("late", PAST), due("next", FUTURE));
        cases.apply(completing(finished, finished.steps.get(0).id), "bob");
        open("fivestep", CaseStatus.OPEN);
        RecoveryCase paused = open("surprise24", CaseStatus.PAUSED, due("late", PAST));
        RecoveryCase flagged = open("fivestep", CaseStatus.OPEN, due("late", PAST.plus(hours(1))));
        cases.claimNewlyOverdue(NOW, 10, null, "scheduler");

        assertEquals(List.of(flagged.id, paused.id, overdue.id), ids(cases.search(query(q -> q.overdue = true)).items));
        assertEquals(List.of(flagged.id, overdue.id), ids(cases.search(query(q -> {
            q.overdue = true;
            q.status = CaseStatus.OPEN;
        })).items));
        assertEquals(1, cases.search(query(q -> {
            q.overdue = true;
            q.strategy = "surprise24";
        })).total);

        clock.step(hours(2));

        assertEquals(List.of(flagged.id, paused.id, notYet.id, overdue.id),
                ids(cases.search(query(q -> q.overdue = true)).items));
        assertEquals(6, cases.search(query(q -> { })).total, "without the filter, every case");
    }

    private RecoveryCase open(String strategy, CaseStatus status, RecoveryStep... steps) {
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.strategy = strategy;
        draft.status = status;
        draft.steps = List.of(steps);
        return cases.insert(draft, "alice");
    }

    private RecoveryCase openOwnedBy(String owner, RecoveryStep... steps) {
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.strategy = "fivestep";
        draft.ownerRep = owner;
        draft.steps = List.of(steps);
        return cases.insert(draft, owner);
    }

    private static RecoveryStep due(String name, Instant dueAt) {
        return step(name, StepType.CALL, dueAt);
    }

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    private static List<String> names(List<RecoveryStep> steps) {
        return steps.stream().map(s -> s.name).collect(Collectors.toList());
    }
}
