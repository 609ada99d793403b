package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.UnknownReferenceException;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.StepType;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class CaseStoreContract extends DatabaseTestBase {
    /** A detection run's id; cases keep it without a foreign key, so no run needs to be stored. */
    private static final UUID RUN = UUID.fromString("5e1ec7ed-0000-4000-8000-000000000001");

    private JdbcCaseStore cases;
    private UUID acme;
    private UUID beta;

    CaseStoreContract(Engine engine) {
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
    void insertAssignsIdTimestampsAndTheFirstVersion() {
        RecoveryCase draft = recoveryCase(acme, "late-delivery");
        draft.strategy = "fivestep";

        RecoveryCase created = cases.insert(draft, "alice");

        assertNotNull(created.id);
        assertEquals(1, created.version);
        assertNotNull(created.createdAt);
        assertEquals(created.createdAt, created.updatedAt);
        assertEquals(acme, created.customerId);
        assertEquals(LossKind.LAPSED, created.lossKind);
        assertEquals("late-delivery", created.lossReason);
        assertEquals(Instant.parse("2025-11-03T09:15:30.123456Z"), created.lostAt);
        assertEquals("alice", created.ownerRep);
        assertEquals("fivestep", created.strategy);
        assertEquals(CaseStatus.OPEN, created.status);
        assertEquals("Stopped ordering after the October outage.", created.notes);
        assertEquals(Json.tree(created), Json.tree(cases.find(created.id).orElseThrow()));
    }

    @Test
    void aCaseWithoutStatusOrOpenerOpensInTheActorsName() {
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.status = null;
        draft.openedBy = null;
        draft.lostAt = null;
        draft.strategy = null;

        RecoveryCase created = cases.insert(draft, "importer");

        assertEquals(CaseStatus.OPEN, created.status);
        assertEquals("importer", created.openedBy);
        assertEquals(null, created.lostAt);
    }

    @Test
    void notesUpToTenThousandCharactersAreKept() {
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.notes = "n".repeat(10_000);

        assertEquals(draft.notes, cases.find(cases.insert(draft, "alice").id).orElseThrow().notes);
    }

    @Test
    void anUnknownCustomerIsNamedAndNothingIsWritten() throws SQLException {
        UUID stranger = UUID.randomUUID();

        RecoveryCase draft = recoveryCase(stranger, "price");
        draft.steps = List.of(Fixtures.step("apologise", StepType.CALL, Instant.parse("2026-02-01T09:00:00Z")));

        UnknownReferenceException refused = assertThrows(UnknownReferenceException.class,
                () -> cases.insert(draft, "alice"));

        assertEquals("customerId", refused.problems().get(0).field());
        assertTrue(refused.getMessage().contains(stranger.toString()), refused.getMessage());
        assertNothingWritten();
    }

    @Test
    void anUnknownLossReasonIsNamedAndNothingIsWritten() throws SQLException {
        UnknownReferenceException refused = assertThrows(UnknownReferenceException.class,
                () -> cases.insert(recoveryCase(acme, "no-such-reason"), "alice"));

        assertEquals("lossReason", refused.problems().get(0).field());
        assertTrue(refused.getMessage().contains("'no-such-reason'"), refused.getMessage());
        assertNothingWritten();
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertTrue(cases.find(UUID.randomUUID()).isEmpty());
    }

    @Test
    void newestCasesComeFirst() {
        RecoveryCase first = cases.insert(recoveryCase(acme, "price"), "alice");
        RecoveryCase second = cases.insert(recoveryCase(acme, "price"), "alice");
        RecoveryCase third = cases.insert(recoveryCase(beta, "price"), "alice");

        assertEquals(List.of(third.id, second.id, first.id), ids(cases.search(query(q -> { }))));
    }

    @Test
    void casesOpenedAtTheSameInstantAreOrderedById() {
        clock.step(Duration.ZERO);
        List<RecoveryCase> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(cases.insert(recoveryCase(acme, "price"), "alice"));
        }
        List<UUID> expected = created.stream().map(c -> c.id)
                .sorted(Comparator.comparing(UUID::toString)).collect(Collectors.toList());

        assertEquals(expected, ids(cases.search(query(q -> { }))));
    }

    @Test
    void searchFiltersByEachField() {
        RecoveryCase acmeLapsed = cases.insert(recoveryCase(acme, "price"), "alice");
        RecoveryCase acmeHostile = cases.insert(variant(acme, "competitor", LossKind.HOSTILE, "bob",
                CaseStatus.PAUSED), "bob");
        RecoveryCase betaDeal = cases.insert(variant(beta, "wrong-billing", LossKind.LOST_DEAL, "alice",
                CaseStatus.WON_BACK), "alice");
        RecoveryCase betaComplaint = cases.insert(variant(beta, "price", LossKind.COMPLAINT, "bob",
                CaseStatus.OPEN), "bob");

        assertEquals(List.of(betaComplaint.id, acmeLapsed.id),
                ids(cases.search(query(q -> q.status = CaseStatus.OPEN))));
        assertEquals(List.of(betaComplaint.id, acmeHostile.id), ids(cases.search(query(q -> q.ownerRep = "bob"))));
        assertEquals(List.of(betaDeal.id), ids(cases.search(query(q -> q.lossKind = LossKind.LOST_DEAL))));
        assertEquals(List.of(betaComplaint.id, acmeLapsed.id),
                ids(cases.search(query(q -> q.lossReason = "price"))));
        assertEquals(List.of(acmeHostile.id, acmeLapsed.id), ids(cases.search(query(q -> q.customerId = acme))));
        assertEquals(List.of(betaComplaint.id), ids(cases.search(query(q -> {
            q.customerId = beta;
            q.ownerRep = "bob";
            q.lossReason = "price";
        }))));
        assertTrue(cases.search(query(q -> q.status = CaseStatus.CLOSED_NEVER)).items.isEmpty());
    }

    @Test
    void pagesSplitTheMatchesAndCountThemAll() {
        List<UUID> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, cases.insert(recoveryCase(i % 2 == 0 ? acme : beta, "price"), "alice").id);
        }

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            int number = page;
            Page<RecoveryCase> result = cases.search(query(q -> {
                q.page = number;
                q.size = 2;
            }));
            assertEquals(5, result.total);
            seen.addAll(ids(result));
        }
        Page<RecoveryCase> filtered = cases.search(query(q -> {
            q.customerId = acme;
            q.size = 1;
        }));

        assertEquals(newestFirst, seen);
        assertEquals(3, filtered.total);
        assertEquals(1, filtered.items.size());
    }

    @Test
    void aSizeOfZeroOnlyCounts() {
        cases.insert(recoveryCase(acme, "price"), "alice");

        Page<RecoveryCase> page = cases.search(query(q -> q.size = 0));

        assertTrue(page.items.isEmpty());
        assertEquals(1, page.total);
    }

    @Test
    void insertUnlessOpenOpensACaseWithItsStepsFindingAndAuditEntry() throws SQLException {
        RecoveryCase draft = detected(acme);
        draft.steps = List.of(Fixtures.step("call", StepType.CALL, Instant.parse("2026-02-01T09:00:00Z")));

        RecoveryCase created = cases.insertUnlessOpen(draft, "detector").orElseThrow();

        assertEquals(List.of("call"), created.steps.stream().map(s -> s.name).collect(Collectors.toList()));
        assertEquals(Json.tree(created), Json.tree(cases.find(created.id).orElseThrow()));
        assertFinding(created.detection);
        assertEquals(1, auditRows(JdbcCaseStore.ENTITY_TYPE));
    }

    @Test
    void insertUnlessOpenWritesNothingWhileTheCustomerHasAnOpenOrPausedCase() throws SQLException {
        JdbcCustomerStore customers = new JdbcCustomerStore(db);
        for (CaseStatus status : List.of(CaseStatus.OPEN, CaseStatus.PAUSED)) {
            UUID customer = customers.insert(customer("crm", "C-" + status, "Has " + status), "alice").id;
            cases.insert(variant(customer, "price", LossKind.LAPSED, "alice", status), "alice");
            long casesBefore = count("SELECT COUNT(*) FROM recovery_cases");
            long auditBefore = auditRows(JdbcCaseStore.ENTITY_TYPE);
            RecoveryCase draft = detected(customer);
            draft.steps = List.of(Fixtures.step("call", StepType.CALL, Instant.parse("2026-02-01T09:00:00Z")));

            assertTrue(cases.insertUnlessOpen(draft, "detector").isEmpty(), status.name());

            assertEquals(casesBefore, count("SELECT COUNT(*) FROM recovery_cases"), status.name());
            assertEquals(0, count("SELECT COUNT(*) FROM recovery_steps"), status.name());
            assertEquals(auditBefore, auditRows(JdbcCaseStore.ENTITY_TYPE), status.name());
        }
    }

    @Test
    void aSecondInsertUnlessOpenForTheSameCustomerReturnsEmpty() throws SQLException {
        assertTrue(cases.insertUnlessOpen(detected(acme), "detector").isPresent());

        assertTrue(cases.insertUnlessOpen(detected(acme), "detector").isEmpty());

        assertEquals(1, count("SELECT COUNT(*) FROM recovery_cases"));
        assertEquals(1, auditRows(JdbcCaseStore.ENTITY_TYPE));
        assertTrue(cases.insertUnlessOpen(detected(beta), "detector").isPresent(), "another customer's case");
    }

    @Test
    void closedCasesDoNotKeepANewOneFromOpening() {
        for (CaseStatus status : CaseStatus.values()) {
            if (status.isTerminal()) {
                cases.insert(variant(acme, "price", LossKind.LAPSED, "alice", status), "alice");
            }
        }

        assertTrue(cases.insertUnlessOpen(detected(acme), "detector").isPresent());
    }

    @Test
    void insertUnlessOpenNamesAnUnknownCustomerOrLossReasonAndWritesNothing() throws SQLException {
        UUID stranger = UUID.randomUUID();

        UnknownReferenceException noCustomer = assertThrows(UnknownReferenceException.class,
                () -> cases.insertUnlessOpen(detected(stranger), "detector"));
        UnknownReferenceException noReason = assertThrows(UnknownReferenceException.class,
                () -> cases.insertUnlessOpen(recoveryCase(acme, "no-such-reason"), "detector"));

        assertEquals("customerId", noCustomer.problems().get(0).field());
        assertTrue(noCustomer.getMessage().contains(stranger.toString()), noCustomer.getMessage());
        assertEquals("lossReason", noReason.problems().get(0).field());
        assertNothingWritten();
    }

    /** Detection runs on several nodes may flag the same customer at once: the customer's lock lets one through. */
    @Test
    void concurrentInsertsUnlessOpenOpenOneCase() throws Exception {
        int callers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Optional<RecoveryCase>> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<RecoveryCase>>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<Optional<RecoveryCase>> caller = () -> {
                    start.await();
                    return cases.insertUnlessOpen(detected(acme), "detector");
                };
                futures.add(pool.submit(caller));
            }
            start.countDown();
            for (Future<Optional<RecoveryCase>> future : futures) {
                results.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, results.stream().filter(Optional::isPresent).count());
        assertEquals(1, count("SELECT COUNT(*) FROM recovery_cases"));
    }

    @Test
    void theDetectionFindingIsReadBackByFindAndSearch() {
        RecoveryCase flagged = cases.insert(detected(acme), "detector");
        RecoveryCase manual = cases.insert(recoveryCase(beta, "price"), "alice");

        assertFinding(cases.find(flagged.id).orElseThrow().detection);
        assertEquals(null, cases.find(manual.id).orElseThrow().detection);
        List<RecoveryCase> listed = cases.search(query(q -> { })).items;
        assertFinding(listed.stream().filter(c -> c.id.equals(flagged.id)).findFirst().orElseThrow().detection);
        assertEquals(null, listed.stream().filter(c -> c.id.equals(manual.id)).findFirst().orElseThrow().detection);
    }

    @Test
    void aFindingWithoutScoreKeepsWhatItHas() {
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.detection = new DetectionFinding();
        draft.detection.reason = "no purchase in 412 days (rule: 365)";

        DetectionFinding stored = cases.find(cases.insert(draft, "detector").id).orElseThrow().detection;

        assertEquals("no purchase in 412 days (rule: 365)", stored.reason);
        assertEquals(null, stored.runId);
        assertEquals(null, stored.probabilityAlive);
        assertEquals(null, stored.secondLifetimeValue);
    }

    private static RecoveryCase detected(UUID customerId) {
        RecoveryCase recoveryCase = recoveryCase(customerId, "price");
        recoveryCase.openedBy = null;
        recoveryCase.detection = new DetectionFinding();
        recoveryCase.detection.runId = RUN;
        recoveryCase.detection.probabilityAlive = 0.0812345;
        recoveryCase.detection.secondLifetimeValue = new BigDecimal("1234.5678");
        recoveryCase.detection.reason = "P(alive) 0.08 below 0.30; no purchase in 412 days (rule: 365)";
        return recoveryCase;
    }

    private static void assertFinding(DetectionFinding finding) {
        assertEquals(RUN, finding.runId);
        assertEquals(0.0812345, finding.probabilityAlive);
        assertEquals(new BigDecimal("1234.5678"), finding.secondLifetimeValue);
        assertEquals("P(alive) 0.08 below 0.30; no purchase in 412 days (rule: 365)", finding.reason);
    }

    private void assertNothingWritten() throws SQLException {
        assertEquals(0, count("SELECT COUNT(*) FROM recovery_cases"));
        assertEquals(0, count("SELECT COUNT(*) FROM recovery_steps"));
        assertEquals(0, auditRows(JdbcCaseStore.ENTITY_TYPE));
    }

    private static RecoveryCase variant(UUID customerId, String reason, LossKind kind, String owner,
                                        CaseStatus status) {
        RecoveryCase recoveryCase = recoveryCase(customerId, reason);
        recoveryCase.lossKind = kind;
        recoveryCase.ownerRep = owner;
        recoveryCase.status = status;
        return recoveryCase;
    }

    private static CaseQuery query(Consumer<CaseQuery> filters) {
        CaseQuery query = new CaseQuery();
        query.size = 50;
        filters.accept(query);
        return query;
    }

    private static List<UUID> ids(Page<RecoveryCase> page) {
        return page.items.stream().map(c -> c.id).collect(Collectors.toList());
    }
}
