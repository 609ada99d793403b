package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.CaseChangeContract.DUE;
import static dev.winback.store.jdbc.CaseChangeContract.change;
import static dev.winback.store.jdbc.CaseChangeContract.completing;
import static dev.winback.store.jdbc.CaseChangeContract.withSteps;
import static dev.winback.store.jdbc.Fixtures.customer;
import static dev.winback.store.jdbc.Fixtures.recoveryCase;
import static dev.winback.store.jdbc.Fixtures.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.UnknownReferenceException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.CaseChange;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.LossCategory;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.StepType;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.EventLogListener;
import dev.winback.api.store.StagedPurchase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change writes its events in its own transaction, and a change that fails writes none; on one engine. */
abstract class EventLogContract extends DatabaseTestBase {
    private JdbcCaseStore cases;
    private JdbcCustomerStore customers;
    private JdbcEventStore events;

    EventLogContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStores() {
        cases = new JdbcCaseStore(db);
        customers = new JdbcCustomerStore(db);
        events = new JdbcEventStore(db);
    }

    private List<String> typesAfter(long cursor) {
        return events.after(cursor, List.of(), 1000).stream().map(e -> e.type).collect(Collectors.toList());
    }

    private long last() {
        List<WinbackEvent> all = events.after(0, List.of(), 1000);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).id;
    }

    /** The store tells its listeners after a commit that wrote events, and only then. */
    @Test
    void listenersHearOfCommittedEventsOnly() {
        AtomicInteger told = new AtomicInteger();
        EventLogListener listener = told::incrementAndGet;
        db.addEventLogListener(listener);
        try {
            Customer acme = customers.insert(customer("crm", "C-1", "Acme"), "alice");
            assertEquals(1, told.get(), "a new customer is an event");
            new JdbcLossReasonStore(db).insert(Fixtures.reason("quiet", "Quiet", LossCategory.OTHER, true), "admin");
            assertEquals(1, told.get(), "a loss reason is configuration: no event, no call");
            assertThrows(VersionMismatchException.class, () -> customers.update(acme, 99L, "bob"));
            assertEquals(1, told.get(), "a change that failed committed nothing");
        } finally {
            db.removeEventLogListener(listener);
        }
    }

    @Test
    void aCustomersLifeIsInTheLog() {
        Customer acme = customers.insert(customer("crm", "C-1", "Acme"), "alice");
        WinbackEvent created = events.after(0, List.of(), 10).get(0);
        assertEquals(EventTypes.CUSTOMER_CREATED, created.type);
        assertEquals("customer", created.entityType);
        assertEquals(acme.id.toString(), created.entityId);
        assertEquals("alice", created.actor);
        assertTrue(created.payload.contains("\"name\":\"Acme\""), created.payload);

        long cursor = last();
        Customer renamed = Fixtures.copy(acme);
        renamed.name = "Acme Ltd";
        renamed = customers.update(renamed, acme.version, "bob");
        ContactBlock block = new ContactBlock();
        block.reason = "Asked us to stop";
        customers.setContactBlock(acme.id, block, block.reason, "bob");
        customers.setContactBlock(acme.id, null, "They called to buy", "admin");
        assertEquals(List.of(EventTypes.CUSTOMER_UPDATED, EventTypes.CUSTOMER_CONTACT_BLOCKED,
                EventTypes.CUSTOMER_CONTACT_UNBLOCKED), typesAfter(cursor));
        WinbackEvent lifted = events.after(cursor, List.of(EventTypes.CUSTOMER_CONTACT_UNBLOCKED), 10).get(0);
        assertTrue(lifted.payload.contains("They called to buy"), "the reason travels with the event");
    }

    @Test
    void aCasesLifeIsInTheLogStepByStep() {
        UUID acme = customers.insert(customer("crm", "C-1", "Acme"), "alice").id;
        long cursor = last();
        RecoveryCase c = cases.insert(withSteps(recoveryCase(acme, "price"), step("call", StepType.CALL, DUE)),
                "alice");
        CaseChange done = completing(c, c.steps.get(0).id);
        done.status = CaseStatus.CLOSED_NEVER;
        done.closedAt = Instant.parse("2026-03-01T10:00:00Z");
        done.cancelPlannedSteps = true;
        cases.apply(done, "alice");
        assertEquals(List.of(EventTypes.CASE_OPENED, EventTypes.CASE_STEP_COMPLETED, EventTypes.CASE_CLOSED),
                typesAfter(cursor));
        List<WinbackEvent> closed = events.after(cursor, List.of(EventTypes.CASE_CLOSED), 10);
        assertEquals(1, closed.size());
        assertEquals(c.id.toString(), closed.get(0).entityId);
        assertTrue(closed.get(0).payload.contains("\"status\":\"CLOSED_NEVER\""), closed.get(0).payload);
    }

    @Test
    void pausingResumingAndDetectionFindingsAreEvents() {
        UUID acme = customers.insert(customer("crm", "C-1", "Acme"), "alice").id;
        RecoveryCase draft = recoveryCase(acme, "price");
        draft.strategy = "fivestep";
        draft.detection = new DetectionFinding();
        draft.detection.runId = UUID.randomUUID();
        draft.detection.reason = "P(alive) 0.1 below 0.300";
        long cursor = last();
        cases.insertUnlessOpen(draft, "system:detection");
        cases.moveStrategyCases("fivestep", CaseStatus.OPEN, CaseStatus.PAUSED, "system:hot-swap");
        cases.moveStrategyCases("fivestep", CaseStatus.PAUSED, CaseStatus.OPEN, "system:hot-swap");
        assertEquals(List.of(EventTypes.CASE_OPENED, EventTypes.DETECTION_FLAGGED, EventTypes.CASE_PAUSED,
                EventTypes.CASE_RESUMED), typesAfter(cursor));
    }

    @Test
    void anImportLogsEachCustomerItCreatesAndItselfButNotEachPurchase() {
        customers.insert(customer("shop", "C-1", "Known"), "alice");
        long cursor = last();
        JdbcPurchaseStore purchases = new JdbcPurchaseStore(db);
        UUID importId = UUID.randomUUID();
        purchases.stage(importId, List.of(
                new StagedPurchase(1, "shop", "C-1", LocalDate.parse("2026-01-02"), new BigDecimal("5"), "f1"),
                new StagedPurchase(2, "shop", "C-2", LocalDate.parse("2026-01-03"), new BigDecimal("6"), "f2"),
                new StagedPurchase(3, "shop", "C-3", LocalDate.parse("2026-01-04"), new BigDecimal("7"), "f3"),
                new StagedPurchase(4, "shop", "C-3", LocalDate.parse("2026-01-05"), new BigDecimal("8"), "f4")));
        purchases.publish(importId, "admin");
        List<WinbackEvent> logged = events.after(cursor, List.of(), 100);
        assertEquals(List.of(EventTypes.CUSTOMER_CREATED, EventTypes.CUSTOMER_CREATED, EventTypes.IMPORT_COMPLETED),
                logged.stream().map(e -> e.type).collect(Collectors.toList()));
        assertEquals(customers.findByExternalId("shop", "C-2").orElseThrow().id.toString(), logged.get(0).entityId);
        assertTrue(logged.get(1).payload.contains("\"externalId\":\"C-3\""), logged.get(1).payload);
        assertEquals(importId.toString(), logged.get(2).entityId);
        assertTrue(logged.get(2).payload.contains("\"customersCreated\":2"), logged.get(2).payload);

        long again = last();
        UUID second = UUID.randomUUID();
        purchases.stage(second, List.of(
                new StagedPurchase(1, "shop", "C-2", LocalDate.parse("2026-01-03"), new BigDecimal("6"), "f2")));
        purchases.publish(second, "admin");
        assertEquals(List.of(EventTypes.IMPORT_COMPLETED), typesAfter(again), "nothing new: no customer events");
    }

    @Test
    void aChangeThatFailsWritesNoEvent() {
        UUID acme = customers.insert(customer("crm", "C-1", "Acme"), "alice").id;
        RecoveryCase c = cases.insert(recoveryCase(acme, "price"), "alice");
        long cursor = last();
        assertThrows(UnknownReferenceException.class,
                () -> cases.insert(recoveryCase(acme, "no-such-reason"), "alice"));
        CaseChange stale = change(c);
        stale.expectedVersion = c.version + 1;
        stale.notes = "stale";
        assertThrows(VersionMismatchException.class, () -> cases.apply(stale, "alice"));
        CaseChange unknownReason = change(c);
        unknownReason.lossReason = "no-such-reason";
        assertThrows(UnknownReferenceException.class, () -> cases.apply(unknownReason, "alice"));
        assertEquals(List.of(), typesAfter(cursor));
    }

    @Test
    void readingPagesOnFromACursorAndFiltersByType() {
        for (int i = 0; i < 5; i++) {
            customers.insert(customer("crm", "C-" + i, "Customer " + i), "alice");
        }
        List<WinbackEvent> first = events.after(0, List.of(), 2);
        List<WinbackEvent> second = events.after(first.get(1).id, List.of(), 2);
        List<WinbackEvent> rest = events.after(second.get(1).id, List.of(), 10);
        assertEquals(2, first.size());
        assertEquals(2, second.size());
        assertEquals(1, rest.size());
        assertTrue(first.get(0).id < first.get(1).id && first.get(1).id < second.get(0).id);
        assertEquals(5, events.after(0, List.of(EventTypes.CUSTOMER_CREATED, EventTypes.CASE_OPENED), 10).size());
        assertEquals(0, events.after(0, List.of(EventTypes.CASE_OPENED), 10).size());
    }
}
