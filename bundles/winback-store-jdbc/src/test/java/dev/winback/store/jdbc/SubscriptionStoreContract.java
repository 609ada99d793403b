package dev.winback.store.jdbc;

import static dev.winback.store.jdbc.Fixtures.customer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.NotFoundException;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.SubscriberStatus;
import dev.winback.api.event.WinbackEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscribers' positions, leases, gaps, retries and dead letters; on one engine. */
abstract class SubscriptionStoreContract extends DatabaseTestBase {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private JdbcSubscriptionStore subscriptions;
    private JdbcCustomerStore customers;

    SubscriptionStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStores() {
        subscriptions = new JdbcSubscriptionStore(db);
        customers = new JdbcCustomerStore(db);
        subscriptions.register("crm-sync");
        subscriptions.register("crm-sync");
    }

    private List<Long> pendingIds(List<String> types) {
        return subscriptions.pending("crm-sync", types, 100).stream().map(e -> e.id).collect(Collectors.toList());
    }

    @Test
    void aNewSubscriberStartsAtTheBeginningAndMovesOnAsItIsDone() {
        customers.insert(customer("crm", "C-1", "One"), "alice");
        customers.insert(customer("crm", "C-2", "Two"), "alice");
        List<Long> ids = pendingIds(List.of());
        assertEquals(2, ids.size());
        subscriptions.done("crm-sync", ids.get(0), List.of(), T);
        assertEquals(List.of(ids.get(1)), pendingIds(List.of()));
        subscriptions.done("crm-sync", ids.get(1), List.of(), T);
        assertEquals(List.of(), pendingIds(List.of()));
        SubscriberStatus status = subscriptions.statuses().get(0);
        assertEquals("crm-sync", status.name);
        assertEquals((long) ids.get(1), status.position);
        assertEquals(0, status.behind);
        assertEquals(List.of(), pendingIds(List.of(EventTypes.CASE_CLOSED)), "types filter");
    }

    @Test
    void oneNodeHoldsTheLeaseUntilItRunsOutOrIsGivenUp() {
        assertTrue(subscriptions.lease("crm-sync", "node-1", T, T.plusSeconds(30)));
        assertFalse(subscriptions.lease("crm-sync", "node-2", T.plusSeconds(10), T.plusSeconds(40)));
        assertTrue(subscriptions.lease("crm-sync", "node-1", T.plusSeconds(10), T.plusSeconds(40)), "renewed");
        assertTrue(subscriptions.lease("crm-sync", "node-2", T.plusSeconds(41), T.plusSeconds(71)), "ran out");
        subscriptions.release("crm-sync", "node-1");
        assertEquals("node-2", subscriptions.status("crm-sync").orElseThrow().leaseHolder, "not node-1's to give");
        subscriptions.release("crm-sync", "node-2");
        assertTrue(subscriptions.lease("crm-sync", "node-1", T.plusSeconds(42), T.plusSeconds(72)));
    }

    /**
     * Ids come from the insert, not the commit: a transaction holding id n can commit after n + 1 was read. The
     * subscriber passes n, and gets it once it commits.
     */
    @Test
    void anEventThatCommitsLateIsStillDelivered() throws Exception {
        customers.insert(customer("crm", "C-0", "Before"), "alice");
        long first = pendingIds(List.of()).get(0);
        subscriptions.done("crm-sync", first, List.of(), T);
        try (Connection late = database.dataSource().getConnection()) {
            late.setAutoCommit(false);
            try (PreparedStatement ps = late.prepareStatement("INSERT INTO event_log (type, occurred_at,"
                    + " entity_type, entity_id, actor, payload) VALUES (?, ?, 'customer', 'late', 'test', '{}')")) {
                ps.setString(1, EventTypes.CUSTOMER_UPDATED);
                ps.setObject(2, java.time.OffsetDateTime.parse("2026-03-01T10:00:00Z"));
                ps.executeUpdate();
            }
            customers.insert(customer("crm", "C-1", "Committed first"), "alice");
            List<WinbackEvent> visible = subscriptions.pending("crm-sync", List.of(), 100);
            assertEquals(1, visible.size(), "the late event is not visible before its commit");
            assertTrue(visible.get(0).id > first + 1, "it took the higher id");
            subscriptions.done("crm-sync", visible.get(0).id, List.of(), T);
            assertEquals(List.of(), pendingIds(List.of()));
            late.commit();
        }
        List<WinbackEvent> arrived = subscriptions.pending("crm-sync", List.of(), 100);
        assertEquals(1, arrived.size());
        assertEquals("late", arrived.get(0).entityId);
        assertEquals(first + 1, arrived.get(0).id);
        subscriptions.done("crm-sync", arrived.get(0).id, List.of(), T);
        assertEquals(List.of(), pendingIds(List.of()), "delivered once");
    }

    /** The late one commits after the log was read but before the subscriber is done with the later one. */
    @Test
    void anEventThatCommitsWhileALaterOneIsBeingDeliveredIsStillDelivered() throws Exception {
        customers.insert(customer("crm", "C-0", "Before"), "alice");
        long first = pendingIds(List.of()).get(0);
        subscriptions.done("crm-sync", first, List.of(), T);
        List<WinbackEvent> handed;
        try (Connection late = database.dataSource().getConnection()) {
            late.setAutoCommit(false);
            try (PreparedStatement ps = late.prepareStatement("INSERT INTO event_log (type, occurred_at,"
                    + " entity_type, entity_id, actor, payload) VALUES ('customer.updated', CURRENT_TIMESTAMP,"
                    + " 'customer', 'late', 'test', '{}')")) {
                ps.executeUpdate();
            }
            customers.insert(customer("crm", "C-1", "Committed first"), "alice");
            handed = subscriptions.pending("crm-sync", List.of(), 100);
            late.commit();
        }
        assertEquals(1, handed.size());
        subscriptions.done("crm-sync", handed.get(0).id, List.of(), T);
        List<WinbackEvent> arrived = subscriptions.pending("crm-sync", List.of(), 100);
        assertEquals(List.of("late"), arrived.stream().map(e -> e.entityId).collect(Collectors.toList()));
    }

    @Test
    void aSubscriberOfSomeTypesIsMovedPastTheOthers() {
        customers.insert(customer("crm", "C-1", "One"), "alice");
        customers.insert(customer("crm", "C-2", "Two"), "alice");
        List<String> closedOnly = List.of(EventTypes.CASE_CLOSED);
        assertEquals(List.of(), pendingIds(closedOnly));
        long head = subscriptions.head();
        subscriptions.advance("crm-sync", head, closedOnly, T);
        SubscriberStatus status = subscriptions.status("crm-sync").orElseThrow();
        assertEquals(head, status.position);
        assertEquals(0, status.behind);
        assertEquals(List.of(), pendingIds(List.of()), "no gaps for what it does not want");

        // A wanted event that is in the log by the time of the move, but was not handed: it is not passed over.
        customers.insert(customer("crm", "C-3", "Three"), "alice");
        subscriptions.advance("crm-sync", subscriptions.head(), List.of(EventTypes.CUSTOMER_CREATED), T);
        assertEquals(1, subscriptions.pending("crm-sync", List.of(EventTypes.CUSTOMER_CREATED), 10).size());
    }

    @Test
    void gapsOldEnoughToHaveRolledBackAreForgotten() throws Exception {
        customers.insert(customer("crm", "C-0", "Before"), "alice");
        subscriptions.done("crm-sync", pendingIds(List.of()).get(0), List.of(), T);
        // Earlier tests' events were deleted, so the first step passes their ids: forget those first.
        subscriptions.expireGaps(T.plusSeconds(1));
        Instant later = T.plus(Duration.ofMinutes(10));
        try (Connection rolledBack = database.dataSource().getConnection()) {
            rolledBack.setAutoCommit(false);
            try (PreparedStatement ps = rolledBack.prepareStatement("INSERT INTO event_log (type, occurred_at,"
                    + " entity_type, entity_id, actor) VALUES ('customer.updated', CURRENT_TIMESTAMP, 'customer',"
                    + " 'gone', 'test')")) {
                ps.executeUpdate();
            }
            rolledBack.rollback();
        }
        customers.insert(customer("crm", "C-1", "After"), "alice");
        subscriptions.done("crm-sync", pendingIds(List.of()).get(0), List.of(), later);
        assertEquals(0, subscriptions.expireGaps(later), "a fresh gap is kept: its transaction may still commit");
        assertEquals(1, subscriptions.expireGaps(later.plus(Duration.ofMinutes(1))), "the rolled-back id");
        assertEquals(List.of(), pendingIds(List.of()));
    }

    @Test
    void aFailingEventIsRetriedThenSetAsideAndReplayedOnRequest() {
        customers.insert(customer("crm", "C-1", "Poison"), "alice");
        customers.insert(customer("crm", "C-2", "Fine"), "alice");
        List<Long> ids = pendingIds(List.of());
        subscriptions.retry("crm-sync", ids.get(0), 1, T.plusSeconds(2), "HTTP 500 from the CRM");
        SubscriberStatus retrying = subscriptions.status("crm-sync").orElseThrow();
        assertEquals(ids.get(0), retrying.retrying);
        assertEquals(1, retrying.attempts);
        assertEquals("HTTP 500 from the CRM", retrying.lastError);

        subscriptions.deadLetter("crm-sync", ids.get(0), 3, "HTTP 500 from the CRM", List.of(), T);
        SubscriberStatus after = subscriptions.status("crm-sync").orElseThrow();
        assertEquals(null, after.retrying);
        assertEquals(1, after.deadLetters);
        assertEquals(List.of(ids.get(1)), pendingIds(List.of()), "delivery moves on");
        assertEquals(ids.get(0), (Long) subscriptions.deadLetters("crm-sync").get(0).event.id);

        assertEquals(1, subscriptions.replay("crm-sync"));
        assertEquals(ids, pendingIds(List.of()), "the replayed letter comes first, by id");
        subscriptions.done("crm-sync", ids.get(0), List.of(), T);
        subscriptions.done("crm-sync", ids.get(1), List.of(), T);
        assertEquals(List.of(), subscriptions.deadLetters("crm-sync"));
        assertEquals(List.of(), pendingIds(List.of()));
        assertThrows(NotFoundException.class, () -> subscriptions.replay("nobody"));
        assertThrows(NotFoundException.class, () -> subscriptions.deadLetters("nobody"));
    }
}
