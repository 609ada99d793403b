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
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.StepType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class CaseStoreContract extends DatabaseTestBase {
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
