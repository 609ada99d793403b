package dev.winback.core;

import static dev.winback.core.CoreFixture.MANAGER;
import static dev.winback.core.CoreFixture.OUTSIDER;
import static dev.winback.core.CoreFixture.REP1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CustomerQuery;
import dev.winback.api.dto.Purchase;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CustomerDirectoryTest {
    private final CoreFixture core = new CoreFixture();

    private static List<String> fields(InvalidInputException e) {
        return e.problems().stream().map(FieldProblem::field).collect(Collectors.toList());
    }

    private static Customer draft() {
        Customer c = new Customer();
        c.externalId = "  C-1 ";
        c.source = "crm";
        c.name = " Acme Ltd ";
        c.lifetimeValue = new BigDecimal("1250.50");
        c.currency = "eur";
        return c;
    }

    @Test
    void createsTrimmedAndNormalised() {
        Customer created = core.customers.create(draft(), REP1);
        assertEquals("C-1", created.externalId);
        assertEquals("Acme Ltd", created.name);
        assertEquals("EUR", created.currency);
        assertEquals(1L, created.version);
    }

    @Test
    void aRepOwnsTheCustomersTheyCreateAndCreatesNoneForOthers() {
        assertEquals("rep1", core.customers.create(draft(), REP1).ownerRep);
        Customer forRep2 = draft();
        forRep2.externalId = "C-2";
        forRep2.ownerRep = "rep2";
        assertThrows(AccessDeniedException.class, () -> core.customers.create(forRep2, REP1));
        assertEquals("rep2", core.customers.create(forRep2, MANAGER).ownerRep);
    }

    @Test
    void aRepEditsNeitherAnotherRepsCustomersNorAnyOwner() {
        Customer ofRep2 = draft();
        ofRep2.ownerRep = "rep2";
        Customer stored = core.customers.create(ofRep2, MANAGER);

        Customer takeover = draft();
        takeover.ownerRep = "rep1";
        assertThrows(AccessDeniedException.class, () -> core.customers.update(stored.id, takeover, stored.version,
                REP1));
        Customer rename = draft();
        rename.ownerRep = "rep2";
        rename.name = "Renamed by rep1";
        assertThrows(AccessDeniedException.class, () -> core.customers.update(stored.id, rename, stored.version,
                REP1));
        assertEquals(stored.name, core.customers.get(stored.id, MANAGER).orElseThrow().name);

        Customer own = draft();
        own.externalId = "C-own";
        Customer mine = core.customers.create(own, REP1);
        Customer giveAway = draft();
        giveAway.externalId = "C-own";
        giveAway.ownerRep = "rep2";
        assertThrows(AccessDeniedException.class, () -> core.customers.update(mine.id, giveAway, mine.version,
                REP1));
        Customer renamed = draft();
        renamed.externalId = "C-own";
        renamed.ownerRep = "rep1";
        renamed.name = "Mine, renamed";
        assertEquals("Mine, renamed", core.customers.update(mine.id, renamed, mine.version, REP1).name);

        // a manager moves customers between reps
        assertEquals("rep1", core.customers.update(stored.id, takeover, stored.version, MANAGER).ownerRep);
    }

    @Test
    void reportsEveryMissingFieldAtOnce() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> core.customers.create(new Customer(), MANAGER));
        assertEquals(List.of("externalId", "source", "name"), fields(e));
    }

    @Test
    void rejectsBadAmountsAndCurrencies() {
        Customer negative = draft();
        negative.lifetimeValue = new BigDecimal("-1");
        assertEquals(List.of("lifetimeValue"), fields(assertThrows(InvalidInputException.class,
                () -> core.customers.create(negative, MANAGER))));

        Customer tooPrecise = draft();
        tooPrecise.lifetimeValue = new BigDecimal("1.00001");
        assertEquals(List.of("lifetimeValue"), fields(assertThrows(InvalidInputException.class,
                () -> core.customers.create(tooPrecise, MANAGER))));

        Customer badCurrency = draft();
        badCurrency.currency = "EURO";
        assertEquals(List.of("currency"), fields(assertThrows(InvalidInputException.class,
                () -> core.customers.create(badCurrency, MANAGER))));

        Customer noCurrency = draft();
        noCurrency.currency = null;
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> core.customers.create(noCurrency, MANAGER));
        assertEquals(List.of("currency"), fields(e));
        assertEquals("is required", e.problems().get(0).message());
    }

    @Test
    void rejectsOverlongText() {
        Customer c = draft();
        c.name = "x".repeat(CustomerDirectory.MAX_NAME + 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> core.customers.create(c, MANAGER));
        assertEquals(List.of("name"), fields(e));
    }

    @Test
    void nothingIsWrittenWhenValidationFails() {
        Customer bad = draft();
        bad.currency = "???";
        assertThrows(InvalidInputException.class, () -> core.customers.create(bad, MANAGER));
        assertEquals(0, core.customers.find(new CustomerQuery(), MANAGER).total);
    }

    @Test
    void duplicateExternalIdInTheSameSourceConflicts() {
        core.customers.create(draft(), MANAGER);
        assertThrows(ConflictException.class, () -> core.customers.create(draft(), MANAGER));
        Customer otherSource = draft();
        otherSource.source = "erp";
        core.customers.create(otherSource, MANAGER);
        assertEquals(2, core.customers.find(new CustomerQuery(), MANAGER).total);
    }

    @Test
    void updateChecksTheVersionTheCallerSaw() {
        Customer created = core.customers.create(draft(), MANAGER);
        Customer change = draft();
        change.name = "Acme Limited";
        Customer updated = core.customers.update(created.id, change, 1L, MANAGER);
        assertEquals(2L, updated.version);
        assertEquals("Acme Limited", updated.name);
        change.name = "Stale write";
        assertThrows(VersionMismatchException.class, () -> core.customers.update(created.id, change, 1L, MANAGER));
        assertEquals("Acme Limited", core.customers.get(created.id, MANAGER).get().name);
    }

    @Test
    void usersWithoutAWinbackRoleAreRefused() {
        assertThrows(AccessDeniedException.class, () -> core.customers.create(draft(), OUTSIDER));
        assertThrows(AccessDeniedException.class, () -> core.customers.find(new CustomerQuery(), OUTSIDER));
    }

    @Test
    void pageSizeIsBounded() {
        CustomerQuery q = new CustomerQuery();
        q.size = Paging.MAX_SIZE + 1;
        assertEquals(List.of("size"), fields(assertThrows(InvalidInputException.class,
                () -> core.customers.find(q, MANAGER))));
        q.size = 10;
        q.page = -1;
        assertEquals(List.of("page"), fields(assertThrows(InvalidInputException.class,
                () -> core.customers.find(q, MANAGER))));
    }

    /** A transaction id names a purchase of one customer: another host system may use the same numbers. */
    @Test
    void aTransactionIdIsOneCustomersPurchaseNotEveryones() {
        Customer a = core.customer("A-1", "rep1");
        Customer b = core.customer("B-1", "rep1");
        Purchase bought = new Purchase();
        bought.date = java.time.LocalDate.now().minusDays(1);
        bought.amount = new BigDecimal("12.50");
        bought.transactionId = "1001";

        Purchase first = core.customers.recordPurchase(a.id, bought, MANAGER);
        Purchase again = core.customers.recordPurchase(a.id, bought, MANAGER);
        Purchase other = core.customers.recordPurchase(b.id, bought, MANAGER);

        assertEquals(first.id, again.id, "the same customer's retry is the same purchase");
        assertNotEquals(first.id, other.id);
        assertEquals(b.id, other.customerId);
        assertEquals(1, core.customers.purchases(b.id, 0, 10, MANAGER).items.size());
    }
}
