package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.store.PublishedImport;
import dev.winback.api.store.PurchaseHistory;
import dev.winback.api.store.StagedPurchase;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Staging, publishing and the per-customer summaries of purchases, on one engine. */
abstract class PurchaseStoreContract extends DatabaseTestBase {
    static final String SHOP = "shop";
    /** The cut-off most history tests use. */
    static final LocalDate CUT_OFF = LocalDate.parse("2025-02-20");

    private JdbcPurchaseStore purchases;
    private JdbcCustomerStore customers;
    private JdbcAuditTrail trail;

    PurchaseStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStores() {
        purchases = new JdbcPurchaseStore(db);
        customers = new JdbcCustomerStore(db);
        trail = new JdbcAuditTrail(db);
    }

    @Test
    void stagedPurchasesAreInvisibleUntilPublished() throws SQLException {
        UUID acme = customers.insert(customer(SHOP, "C-1", "Acme"), "alice").id;
        UUID importId = UUID.randomUUID();

        purchases.stage(importId, List.of(row(1, "C-1", "2025-01-10", "100.00", "f1"),
                row(2, "C-2", "2025-01-11", "20.00", "f2")));

        assertEquals(0, purchases.count(acme));
        assertTrue(purchases.history(acme, CUT_OFF).isEmpty());
        assertEquals(List.of(), allHistories(CUT_OFF));
        assertTrue(customers.findByExternalId(SHOP, "C-2").isEmpty(), "no customer before the publish");
        assertEquals(0, count("SELECT COUNT(*) FROM purchases"));

        purchases.publish(importId, "importer");

        assertEquals(1, purchases.count(acme));
        assertEquals(2, allHistories(CUT_OFF).size());
    }

    @Test
    void publishCreatesUnknownCustomersAddsNewPurchasesAndCountsDuplicates() throws SQLException {
        Customer acme = customers.insert(customer(SHOP, "C-1", "Acme"), "alice");
        publish(row(1, "C-1", "2025-01-10", "100.00", "f1"));
        UUID importId = UUID.randomUUID();
        purchases.stage(importId, List.of(
                row(1, "C-1", "2025-01-10", "100.00", "f1"), // stored by the first import
                row(2, "C-1", "2025-01-12", "40.00", "f2")));
        purchases.stage(importId, List.of(
                row(4, "C-2", "2025-01-13", "99.00", "f3"), // the same fingerprint twice: line 3 wins
                row(3, "C-2", "2025-01-13", "12.50", "f3"),
                new StagedPurchase(5, "erp", "C-2", LocalDate.parse("2025-01-14"), new BigDecimal("7.25"), "f5")));

        PublishedImport published = purchases.publish(importId, "importer");

        assertEquals(new PublishedImport(3, 2, 2), published);
        Customer shopC2 = customers.findByExternalId(SHOP, "C-2").orElseThrow();
        Customer erpC2 = customers.findByExternalId("erp", "C-2").orElseThrow();
        assertEquals("C-2", shopC2.name);
        assertNull(shopC2.ownerRep);
        assertNull(shopC2.currency);
        assertNull(shopC2.segment);
        assertNull(shopC2.lifetimeValue);
        assertEquals(1, shopC2.version);
        assertNotNull(shopC2.createdAt);
        assertEquals(shopC2.createdAt, shopC2.updatedAt);
        assertEquals(2, purchases.count(acme.id));
        assertEquals(1, purchases.count(shopC2.id));
        assertEquals(1, purchases.count(erpC2.id));
        assertEquals(0, new BigDecimal("12.50").compareTo(amountOf("f3")), "the lowest line's row is kept");
        assertEquals(importId, importOf("f3"));
        assertEquals(0, count("SELECT COUNT(*) FROM purchase_staging"));
        assertEquals(1, customers.find(acme.id).orElseThrow().version, "a known customer is left alone");
    }

    /** Ids come from other systems' exports: quotes, delimiters, line breaks and blanks must arrive as they were. */
    @Test
    void awkwardExternalIdsAndAmountsArriveAsTheyWere() throws SQLException {
        List<String> ids = List.of("He said \"hi\", then left", "line\nbreak", " padded ", "semi;colon", "back\\slash",
                "\"", "Zoë 東京");
        List<StagedPurchase> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            rows.add(row(i + 1, ids.get(i), "2025-01-10", "1234567.8912", "awkward-" + i));
        }
        assertEquals(new PublishedImport(ids.size(), 0, ids.size()), publish(rows.toArray(StagedPurchase[]::new)));
        for (int i = 0; i < ids.size(); i++) {
            Customer created = customers.findByExternalId(SHOP, ids.get(i)).orElseThrow(AssertionError::new);
            assertEquals(ids.get(i), created.name);
            assertEquals(0, new BigDecimal("1234567.8912").compareTo(amountOf("awkward-" + i)));
        }
    }

    @Test
    void publishWritesOneAuditEntryForTheImport() {
        UUID importId = UUID.randomUUID();
        purchases.stage(importId, List.of(row(1, "C-1", "2025-01-10", "1.00", "f1"),
                row(2, "C-2", "2025-01-10", "1.00", "f2"), row(3, "C-2", "2025-01-10", "1.00", "f2")));

        purchases.publish(importId, "importer");

        List<AuditEntry> entries = trail.forEntity(JdbcPurchaseStore.ENTITY_TYPE, importId.toString());
        assertEquals(1, entries.size());
        AuditEntry entry = entries.get(0);
        assertEquals(JdbcPurchaseStore.PUBLISH, entry.action);
        assertEquals("importer", entry.actor);
        assertNull(entry.before);
        JsonNode after = Json.parse(entry.after);
        assertEquals(2, after.get("purchasesAdded").asLong());
        assertEquals(1, after.get("duplicates").asLong());
        assertEquals(2, after.get("customersCreated").asLong());
    }

    @Test
    void republishingTheSameRowsUnderANewImportAddsNothing() throws SQLException {
        List<StagedPurchase> rows = List.of(row(1, "C-1", "2025-01-10", "100.00", "f1"),
                row(2, "C-2", "2025-01-11", "-5.00", "f2"), row(3, "C-3", "2025-01-12", "8.00", "f3"));
        assertEquals(new PublishedImport(3, 0, 3), publish(rows.toArray(new StagedPurchase[0])));

        assertEquals(new PublishedImport(0, 3, 0), publish(rows.toArray(new StagedPurchase[0])));

        assertEquals(3, count("SELECT COUNT(*) FROM purchases"));
        assertEquals(3, count("SELECT COUNT(*) FROM customers"));
    }

    @Test
    void publishingAnEmptyOrDiscardedImportChangesNothing() throws SQLException {
        UUID importId = UUID.randomUUID();
        purchases.stage(importId, List.of(row(1, "C-1", "2025-01-10", "1.00", "f1")));
        purchases.stage(importId, List.of(row(2, "C-2", "2025-01-10", "1.00", "f2")));

        assertEquals(2, purchases.discard(importId));
        assertEquals(new PublishedImport(0, 0, 0), purchases.publish(importId, "importer"));

        assertEquals(0, count("SELECT COUNT(*) FROM purchase_staging"));
        assertEquals(0, count("SELECT COUNT(*) FROM purchases"));
        assertEquals(0, count("SELECT COUNT(*) FROM customers"));
    }

    @Test
    void discardAllExceptKeepsOnlyTheNamedImports() throws SQLException {
        UUID running = UUID.randomUUID();
        UUID crashed = UUID.randomUUID();
        UUID abandoned = UUID.randomUUID();
        purchases.stage(running, List.of(row(1, "C-1", "2025-01-10", "1.00", "f1")));
        purchases.stage(crashed, List.of(row(1, "C-2", "2025-01-10", "1.00", "f2"),
                row(2, "C-2", "2025-01-11", "1.00", "f3")));
        purchases.stage(abandoned, List.of(row(1, "C-3", "2025-01-10", "1.00", "f4")));

        assertEquals(3, purchases.discardAllExcept(List.of(running, UUID.randomUUID())));

        assertEquals(1, count("SELECT COUNT(*) FROM purchase_staging WHERE import_id = ?", running));
        assertEquals(1, count("SELECT COUNT(*) FROM purchase_staging"));
        assertEquals(1, purchases.discardAllExcept(List.of()));
        assertEquals(0, count("SELECT COUNT(*) FROM purchase_staging"));
    }

    @Test
    void anIncompleteRowIsRefusedAndNothingOfTheBatchIsStaged() throws SQLException {
        UUID importId = UUID.randomUUID();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> purchases.stage(importId, List.of(row(1, "C-1", "2025-01-10", "1.00", "f1"),
                        new StagedPurchase(2, SHOP, "C-1", null, BigDecimal.ONE, "f2"))));

        assertTrue(refused.getMessage().contains("line 2"), refused.getMessage());
        assertEquals(0, count("SELECT COUNT(*) FROM purchase_staging"));
    }

    /**
     * Hand-computed: same-day purchases are one day, refunds lower the spend but are no day, a zero amount is a
     * purchase day, rows after the cut-off do not count, a customer whose rows by the cut-off are refunds only is
     * left out.
     */
    @Test
    void historiesSumUpEachCustomersPurchasesUpToTheCutOff() {
        UUID regular = customers.insert(customer(SHOP, "R", "Regular"), "alice").id;
        UUID refunder = customers.insert(customer(SHOP, "F", "Refunds first"), "alice").id;
        UUID late = customers.insert(customer(SHOP, "L", "Late"), "alice").id;
        UUID freebie = customers.insert(customer(SHOP, "Z", "Free sample only"), "alice").id;
        publish(row(1, "R", "2025-01-10", "100.00", "r1"),
                row(2, "R", "2025-01-10", "20.00", "r2"),
                row(3, "R", "2025-02-01", "50.00", "r3"),
                row(4, "R", "2025-02-15", "-30.00", "r4"),
                row(5, "R", "2025-03-01", "10.00", "r5"),
                row(6, "F", "2025-01-01", "-10.00", "f1"),
                row(7, "F", "2025-02-20", "5.00", "f2"),
                row(8, "F", "2025-02-20", "0.00", "f3"),
                row(9, "L", "2025-01-05", "-15.00", "l1"),
                row(10, "L", "2025-03-05", "40.00", "l2"),
                row(11, "Z", "2025-01-20", "0.00", "z1"));

        List<PurchaseHistory> histories = allHistories(CUT_OFF);

        PurchaseHistory expectedRegular = new PurchaseHistory(regular, day("2025-01-10"), day("2025-02-01"), 2,
                new BigDecimal("140.0000"), false);
        PurchaseHistory expectedRefunder = new PurchaseHistory(refunder, day("2025-02-20"), day("2025-02-20"), 1,
                new BigDecimal("-5.0000"), false);
        PurchaseHistory expectedFreebie = new PurchaseHistory(freebie, day("2025-01-20"), day("2025-01-20"), 1,
                new BigDecimal("0.0000"), false);
        assertEquals(sortedById(List.of(expectedRegular, expectedRefunder, expectedFreebie)), histories);
        assertEquals(expectedRegular, purchases.history(regular, CUT_OFF).orElseThrow());
        assertTrue(purchases.history(late, CUT_OFF).isEmpty(), "refunds only by the cut-off");
        assertEquals(new PurchaseHistory(late, day("2025-03-05"), day("2025-03-05"), 1, new BigDecimal("25.0000"),
                false), purchases.history(late, day("2025-12-31")).orElseThrow());
        assertEquals(new PurchaseHistory(regular, day("2025-01-10"), day("2025-03-01"), 3,
                new BigDecimal("150.0000"), false), purchases.history(regular, day("2025-03-01")).orElseThrow());
        assertTrue(purchases.history(regular, day("2025-01-09")).isEmpty());
        assertTrue(purchases.history(UUID.randomUUID(), CUT_OFF).isEmpty());
        assertEquals(5, purchases.count(regular), "refunds and later rows are purchases too");
    }

    @Test
    void aCustomerHasAnOpenCaseWhileOneIsOpenOrPaused() {
        List<UUID> ids = new ArrayList<>();
        List<StagedPurchase> rows = new ArrayList<>();
        CaseStatus[] statuses = {CaseStatus.OPEN, CaseStatus.PAUSED, CaseStatus.WON_BACK, CaseStatus.CLOSED_NEVER,
            CaseStatus.CLOSED_CANNOT_PROVIDE, CaseStatus.CLOSED_NO_RESPONSE, null};
        JdbcCaseStore cases = new JdbcCaseStore(db);
        for (int i = 0; i < statuses.length; i++) {
            UUID id = customers.insert(customer(SHOP, "C-" + i, "Customer " + i), "alice").id;
            ids.add(id);
            rows.add(row(i, "C-" + i, "2025-01-10", "10.00", "f" + i));
            if (statuses[i] != null) {
                cases.insert(withStatus(recoveryCase(id, "price"), statuses[i]), "alice");
            }
        }
        // A terminal case besides an open one: still open.
        cases.insert(withStatus(recoveryCase(ids.get(0), "price"), CaseStatus.WON_BACK), "alice");
        publish(rows.toArray(new StagedPurchase[0]));

        List<PurchaseHistory> histories = allHistories(CUT_OFF);

        for (int i = 0; i < statuses.length; i++) {
            UUID id = ids.get(i);
            boolean open = statuses[i] == CaseStatus.OPEN || statuses[i] == CaseStatus.PAUSED;
            PurchaseHistory history = histories.stream().filter(h -> h.customerId().equals(id)).findFirst()
                    .orElseThrow();
            assertEquals(open, history.openCase(), String.valueOf(statuses[i]));
            assertEquals(open, purchases.history(id, CUT_OFF).orElseThrow().openCase(), String.valueOf(statuses[i]));
        }
    }

    /** More customers than one fetch holds, so that a streaming result is read past its first round trip. */
    @Test
    void historiesStreamEveryCustomerOrderedById() {
        int customerCount = 2500;
        List<StagedPurchase> rows = new ArrayList<>();
        for (int i = 0; i < customerCount; i++) {
            rows.add(row(2 * i, "C-" + i, "2025-01-10", "10.00", "a" + i));
            rows.add(row(2 * i + 1, "C-" + i, "2025-01-1" + (i % 10), "1.00", "b" + i));
        }
        publish(rows.toArray(new StagedPurchase[0]));

        List<PurchaseHistory> histories = allHistories(CUT_OFF);

        assertEquals(customerCount, histories.size());
        assertEquals(sortedById(histories), histories);
        for (PurchaseHistory history : histories) {
            assertEquals(0, new BigDecimal("11").compareTo(history.totalSpend()));
            assertEquals(history.lastPurchase().equals(day("2025-01-10")) ? 1 : 2, history.purchaseDays());
        }
    }

    /**
     * Two imports of the same file published at once: every purchase and customer is stored once, and neither
     * publish fails. PostgreSQL skips the other's rows with ON CONFLICT, H2 publishes one after the other.
     */
    @Test
    void concurrentPublishesOfTheSameRowsStoreEachPurchaseOnce() throws Exception {
        List<StagedPurchase> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(row(i, "C-" + (i % 300), "2025-01-10", "1.00", "f" + i));
        }
        int publishers = 3;
        List<UUID> imports = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            UUID importId = UUID.randomUUID();
            purchases.stage(importId, rows);
            imports.add(importId);
        }
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        List<PublishedImport> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<PublishedImport>> futures = new ArrayList<>();
            for (UUID importId : imports) {
                Callable<PublishedImport> publisher = () -> {
                    start.await();
                    return purchases.publish(importId, "importer");
                };
                futures.add(pool.submit(publisher));
            }
            start.countDown();
            for (Future<PublishedImport> future : futures) {
                results.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(3000, results.stream().mapToLong(PublishedImport::purchasesAdded).sum());
        assertEquals(300, results.stream().mapToLong(PublishedImport::customersCreated).sum());
        assertEquals(3000 * (publishers - 1), results.stream().mapToLong(PublishedImport::duplicates).sum());
        assertEquals(3000, count("SELECT COUNT(*) FROM purchases"));
        assertEquals(300, count("SELECT COUNT(*) FROM customers"));
        assertFalse(results.stream().anyMatch(r -> r.purchasesAdded() + r.duplicates() != 3000));
    }

    private PublishedImport publish(StagedPurchase... rows) {
        UUID importId = UUID.randomUUID();
        purchases.stage(importId, List.of(rows));
        return purchases.publish(importId, "importer");
    }

    private List<PurchaseHistory> allHistories(LocalDate until) {
        List<PurchaseHistory> histories = new ArrayList<>();
        purchases.histories(until, histories::add);
        return histories;
    }

    private BigDecimal amountOf(String fingerprint) {
        return db.read("test", c -> Sql.queryOne(c, "SELECT amount FROM purchases WHERE fingerprint = ?",
                rs -> rs.getBigDecimal(1), fingerprint).orElseThrow());
    }

    private UUID importOf(String fingerprint) {
        return db.read("test", c -> Sql.queryOne(c, "SELECT import_id FROM purchases WHERE fingerprint = ?",
                rs -> Sql.uuid(rs, "import_id"), fingerprint).orElseThrow());
    }

    static StagedPurchase row(long line, String externalId, String day, String amount, String fingerprint) {
        return new StagedPurchase(line, SHOP, externalId, day(day), new BigDecimal(amount), fingerprint);
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    /** The order both databases give UUIDs: unsigned bytes, which is the order of their text. */
    private static List<PurchaseHistory> sortedById(List<PurchaseHistory> histories) {
        return histories.stream().sorted(Comparator.comparing(h -> h.customerId().toString()))
                .collect(Collectors.toList());
    }

    private static RecoveryCase withStatus(RecoveryCase draft, CaseStatus status) {
        draft.status = status;
        return draft;
    }
}
