package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.PurchaseStoreContract.SHOP;
import static dev.winback.store.jdbc.PurchaseStoreContract.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.NotFoundException;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.Purchase;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
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

/** Purchases recorded one at a time (webhooks, the API) and read back one customer at a time; on one engine. */
abstract class RecordedPurchasesContract extends DatabaseTestBase {
    private JdbcPurchaseStore purchases;
    private JdbcCustomerStore customers;
    private UUID acme;

    RecordedPurchasesContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStoresAndCustomer() {
        purchases = new JdbcPurchaseStore(db);
        customers = new JdbcCustomerStore(db);
        acme = customers.insert(customer(SHOP, "C-1", "Acme"), "alice").id;
    }

    @Test
    void aRecordedPurchaseIsStoredInTheCustomersCurrencyAndAudited() {
        Purchase recorded = purchases.record(purchase(acme, "2026-01-04", "980.00", null, "tx-1"), "tx-1", "webhook");

        assertEquals(acme, recorded.customerId);
        assertEquals(LocalDate.parse("2026-01-04"), recorded.date);
        assertEquals(new BigDecimal("980.0000"), recorded.amount);
        assertEquals("EUR", recorded.currency, "the customer's, when not given");
        assertEquals("tx-1", recorded.transactionId);
        assertEquals(1, purchases.count(acme));
        assertEquals(Json.tree(recorded), Json.tree(purchases.purchases(acme, 0, 10).items.get(0)));
        List<AuditEntry> entries = new JdbcAuditTrail(db).forEntity(JdbcPurchaseStore.PURCHASE_ENTITY_TYPE,
                recorded.id.toString());
        assertEquals(1, entries.size());
        assertEquals("create", entries.get(0).action);
        assertEquals("webhook", entries.get(0).actor);
        assertEquals(Json.tree(recorded), Json.parse(entries.get(0).after));
    }

    @Test
    void aPurchaseKeepsItsOwnCurrencyWhateverTheCustomerChangesTo() {
        Purchase recorded = purchases.record(purchase(acme, "2026-01-04", "50", "USD", null), "fp-1", "alice");
        Purchase inEuro = purchases.record(purchase(acme, "2026-01-05", "60", null, null), "fp-2", "alice");
        Customer changed = Fixtures.copy(customers.find(acme).orElseThrow());
        changed.currency = "GBP";
        customers.update(changed, null, "alice");

        List<Purchase> listed = purchases.purchases(acme, 0, 10).items;

        assertEquals("USD", recorded.currency);
        assertNull(recorded.transactionId);
        assertEquals(List.of("EUR", "USD"), listed.stream().map(p -> p.currency).toList());
        assertEquals(inEuro.id, listed.get(0).id);
    }

    @Test
    void theSameFingerprintAgainReturnsTheStoredPurchaseAndWritesNothing() throws SQLException {
        Purchase first = purchases.record(purchase(acme, "2026-01-04", "980.00", null, "tx-1"), "tx-1", "webhook");

        Purchase again = purchases.record(purchase(acme, "2026-01-09", "1.00", "USD", "tx-1"), "tx-1", "webhook");

        assertEquals(Json.tree(first), Json.tree(again));
        assertEquals(1, purchases.count(acme));
        assertEquals(1, auditRows(JdbcPurchaseStore.PURCHASE_ENTITY_TYPE));
    }

    @Test
    void anImportedPurchaseWithTheFingerprintIsTheStoredOne() {
        UUID importId = UUID.randomUUID();
        purchases.stage(importId, List.of(row(1, "C-1", "2025-01-10", "100.00", "f1")));
        purchases.publish(importId, "importer");

        Purchase recorded = purchases.record(purchase(acme, "2026-01-04", "5.00", null, "tx-9"), "f1", "webhook");

        assertEquals(LocalDate.parse("2025-01-10"), recorded.date);
        assertEquals(new BigDecimal("100.0000"), recorded.amount);
        assertEquals("EUR", recorded.currency, "imported purchases are in the customer's currency");
        assertNull(recorded.transactionId);
        assertEquals(1, purchases.count(acme));
    }

    @Test
    void aPurchaseOfAnUnknownCustomerIsNotFoundAndAnIncompleteOneRefused() throws SQLException {
        UUID stranger = UUID.randomUUID();

        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> purchases.record(purchase(stranger, "2026-01-04", "1.00", null, null), "fp", "webhook"));
        assertThrows(IllegalArgumentException.class,
                () -> purchases.record(purchase(acme, null, "1.00", null, null), "fp", "webhook"));
        assertThrows(IllegalArgumentException.class,
                () -> purchases.record(purchase(acme, "2026-01-04", "1.00", null, null), null, "webhook"));

        assertTrue(missing.getMessage().contains(stranger.toString()), missing.getMessage());
        assertEquals(0, count("SELECT COUNT(*) FROM purchases"));
        assertEquals(0, auditRows(JdbcPurchaseStore.PURCHASE_ENTITY_TYPE));
    }

    @Test
    void theFirstPurchaseOnOrAfterADaySkipsRefundsAndEarlierDays() {
        UUID beta = customers.insert(customer(SHOP, "C-2", "Beta"), "alice").id;
        record(acme, "2026-01-05", "50.00");
        record(acme, "2026-01-10", "-20.00");
        Purchase free = record(acme, "2026-01-12", "0.00");
        Purchase later = record(acme, "2026-01-20", "30.00");
        record(beta, "2026-01-11", "99.00");

        assertEquals(Json.tree(free), Json.tree(purchases.firstOnOrAfter(acme, LocalDate.parse("2026-01-06"))
                .orElseThrow()), "a refund is no purchase, a free order is");
        assertEquals(free.id, purchases.firstOnOrAfter(acme, LocalDate.parse("2026-01-12")).orElseThrow().id,
                "on the day counts");
        assertEquals(later.id, purchases.firstOnOrAfter(acme, LocalDate.parse("2026-01-13")).orElseThrow().id);
        assertTrue(purchases.firstOnOrAfter(acme, LocalDate.parse("2026-01-21")).isEmpty());
        assertTrue(purchases.firstOnOrAfter(UUID.randomUUID(), LocalDate.parse("2026-01-01")).isEmpty());
    }

    @Test
    void aCustomersPurchasesAreListedNewestFirstInStablePages() {
        UUID beta = customers.insert(customer(SHOP, "C-2", "Beta"), "alice").id;
        List<Purchase> oldestFirst = new ArrayList<>();
        for (String day : List.of("2026-01-01", "2026-01-03", "2026-01-03", "2026-01-07", "2026-01-09")) {
            oldestFirst.add(record(acme, day, "10.00"));
        }
        record(beta, "2026-01-08", "10.00");
        List<UUID> expected = new ArrayList<>();
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            expected.add(oldestFirst.get(i).id);
        }

        List<UUID> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Page<Purchase> result = purchases.purchases(acme, page, 2);
            assertEquals(5, result.total);
            assertEquals(page, result.page);
            result.items.forEach(p -> seen.add(p.id));
        }

        assertEquals(expected, seen, "by date, then the later recorded first");
        assertEquals(1, purchases.purchases(beta, 0, 10).total);
        assertEquals(0, purchases.purchases(UUID.randomUUID(), 0, 10).total);
    }

    @Test
    void everyPurchaseHasItsOwnStableId() {
        Purchase first = record(acme, "2026-01-01", "1.00");
        Purchase second = record(acme, "2026-01-02", "1.00");

        assertNotEquals(first.id, second.id);
        assertEquals(first.id, purchases.purchases(acme, 0, 10).items.get(1).id);
    }

    /**
     * Webhooks retried at once, for one customer (they queue at the customer's row) and for two customers whose
     * host reuses transaction ids (they meet at the unique key): one purchase, and every caller gets it.
     */
    @Test
    void concurrentRecordsOfOneFingerprintStoreOnePurchase() throws Exception {
        UUID beta = customers.insert(customer(SHOP, "C-2", "Beta"), "alice").id;
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Purchase> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Purchase>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                UUID customer = i % 2 == 0 ? acme : beta;
                Callable<Purchase> caller = () -> {
                    start.await();
                    return purchases.record(purchase(customer, "2026-01-04", "10.00", null, "tx"), "tx", "webhook");
                };
                futures.add(pool.submit(caller));
            }
            start.countDown();
            for (Future<Purchase> future : futures) {
                results.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, count("SELECT COUNT(*) FROM purchases"));
        assertEquals(1, new HashSet<>(results.stream().map(p -> p.id).collect(Collectors.toList())).size());
        assertEquals(1, auditRows(JdbcPurchaseStore.PURCHASE_ENTITY_TYPE));
    }

    private Purchase record(UUID customerId, String day, String amount) {
        String fingerprint = UUID.randomUUID().toString();
        return purchases.record(purchase(customerId, day, amount, null, null), fingerprint, "alice");
    }

    private static Purchase purchase(UUID customerId, String day, String amount, String currency,
                                     String transactionId) {
        Purchase purchase = new Purchase();
        purchase.customerId = customerId;
        purchase.date = day == null ? null : LocalDate.parse(day);
        purchase.amount = new BigDecimal(amount);
        purchase.currency = currency;
        purchase.transactionId = transactionId;
        return purchase;
    }
}
