package dev.winback.core;

import static dev.winback.core.CoreFixture.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Adapters find and upsert customers by the host's key, through the service. */
class CustomerUpsertTest {
    private final CoreFixture core = new CoreFixture();

    private static Customer fromHost(String name) {
        Customer c = new Customer();
        c.source = "unomi";
        c.externalId = "profile-42";
        c.name = name;
        return c;
    }

    @Test
    void theFirstUpsertCreatesLaterOnesUpdateAndOnlyWhatTheHostGives() {
        Customer given = fromHost("Acme");
        given.ownerRep = "rep1";
        given.lifetimeValue = new BigDecimal("1000");
        given.currency = "EUR";
        Customer created = core.customers.upsert(given, MANAGER);
        assertEquals(created.id, core.customers.findByExternalId("unomi", "profile-42", MANAGER).orElseThrow().id);

        Customer same = core.customers.upsert(given, MANAGER);
        assertEquals(created.version, same.version, "nothing new: no new version");

        Customer renamed = core.customers.upsert(fromHost("Acme Ltd"), MANAGER);
        assertEquals(created.id, renamed.id);
        assertEquals("Acme Ltd", renamed.name);
        assertEquals("rep1", renamed.ownerRep, "a host that does not know the owner does not take the customer away");
        assertEquals(0, new BigDecimal("1000").compareTo(renamed.lifetimeValue));
        assertEquals(created.version + 1, renamed.version);
        assertTrue(core.customers.findByExternalId("unomi", "nobody", MANAGER).isEmpty());
        assertThrows(InvalidInputException.class, () -> core.customers.findByExternalId(" ", "x", MANAGER));
        assertThrows(InvalidInputException.class, () -> core.customers.upsert(fromHost(null), MANAGER));
    }

    @Test
    void racingUpsertsMakeOneCustomer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Customer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "Acme " + i;
                calls.add(() -> core.customers.upsert(fromHost(name), MANAGER));
            }
            List<Customer> results = new ArrayList<>();
            for (Future<Customer> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertEquals(1, results.stream().map(c -> c.id).distinct().count());
            CustomerQuery all = new CustomerQuery();
            all.source = "unomi";
            assertEquals(1, core.customers.find(all, MANAGER).total);
        } finally {
            pool.shutdownNow();
        }
    }
}
