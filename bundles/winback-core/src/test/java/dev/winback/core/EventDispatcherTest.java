package dev.winback.core;

import static dev.winback.core.CoreFixture.ADMIN;
import static dev.winback.core.CoreFixture.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.event.EventSubscriber;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.SubscriberStatus;
import dev.winback.api.event.WinbackEvent;
import dev.winback.store.jdbc.JdbcSubscriptionStore;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Delivery on the real store (embedded H2), driven round by round with a clock the test moves. */
class EventDispatcherTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-02T09:00:00Z"));
    private final CoreFixture core = new CoreFixture(clock);
    private final JdbcSubscriptionStore store = new JdbcSubscriptionStore(core.db);

    static EventDispatcher.Config config(int maxAttempts) {
        return config(maxAttempts, 500);
    }

    static EventDispatcher.Config config(int maxAttempts, long pollMillis) {
        return new EventDispatcher.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EventDispatcher.Config.class;
            }

            @Override
            public long pollMillis() {
                return pollMillis;
            }

            @Override
            public int maxAttempts() {
                return maxAttempts;
            }

            @Override
            public long retryBaseMillis() {
                return 1000;
            }

            @Override
            public long retryMaxMillis() {
                return 8000;
            }

            @Override
            public int leaseSeconds() {
                return 30;
            }

            @Override
            public int gapTimeoutMinutes() {
                return 60;
            }
        };
    }

    /** Records what it gets; fails on customers whose name is in {@link #poison}. */
    static final class Recorder implements EventSubscriber {
        final String name;
        final Set<String> types;
        final List<WinbackEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Set<String> poison = new HashSet<>();

        Recorder(String name, Set<String> types) {
            this.name = name;
            this.types = types;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> types() {
            return types;
        }

        @Override
        public void onEvent(WinbackEvent event) {
            for (String p : poison) {
                if (event.payload.contains(p)) {
                    throw new IllegalStateException("the CRM refused " + p);
                }
            }
            received.add(event);
        }

        List<String> names() {
            return received.stream().map(e -> e.payload.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"))
                    .collect(Collectors.toList());
        }
    }

    @Test
    void aSubscriberGetsEveryEventInOrderAndCatchesUpAfterBeingAway() {
        EventDispatcher dispatcher = new EventDispatcher(store, config(3), clock);
        Recorder first = new Recorder("crm-sync", Set.of());
        dispatcher.addSubscriber(first);
        core.customer("C-1", "rep1");
        core.customer("C-2", "rep1");
        dispatcher.deliver();
        assertEquals(List.of("Customer C-1", "Customer C-2"), first.names());

        dispatcher.removeSubscriber(first);
        core.customer("C-3", "rep1");
        core.customer("C-4", "rep1");
        dispatcher.deliver();
        Recorder back = new Recorder("crm-sync", Set.of());
        dispatcher.addSubscriber(back);
        dispatcher.deliver();
        assertEquals(List.of("Customer C-3", "Customer C-4"), back.names(), "exactly what it missed");
        assertTrue(back.received.get(0).id > first.received.get(1).id);
    }

    /** A commit on this node is delivered at once, not at the next look at the log (an hour away here). */
    @Test
    void eventsCommittedHereAreDeliveredWithoutWaitingForThePoll() throws InterruptedException {
        EventDispatcher dispatcher = new EventDispatcher(store, config(3, 3_600_000));
        core.db.addEventLogListener(dispatcher);
        try {
            Recorder crm = new Recorder("crm-sync", Set.of());
            dispatcher.addSubscriber(crm);
            core.customer("C-1", "rep1");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (crm.names().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of("Customer C-1"), crm.names());
        } finally {
            core.db.removeEventLogListener(dispatcher);
            dispatcher.stop();
        }
    }

    /** A backlog of several batches drains in one round, and two busy subscribers take turns. */
    @Test
    void oneRoundDrainsABacklogOfManyBatchesForEverySubscriber() {
        EventDispatcher dispatcher = new EventDispatcher(store, config(3), clock);
        Recorder all = new Recorder("all-of-it", Set.of());
        Recorder customers = new Recorder("customers-only", Set.of(EventTypes.CUSTOMER_CREATED));
        dispatcher.addSubscriber(all);
        dispatcher.addSubscriber(customers);
        int backlog = EventDispatcher.BATCH * 2 + 17;
        for (int i = 0; i < backlog; i++) {
            core.customer("B-" + i, "rep1");
        }

        dispatcher.deliver();

        assertEquals(backlog, all.received.size());
        assertEquals(backlog, customers.received.size());
        assertEquals("Customer B-" + (backlog - 1), all.names().get(backlog - 1));
        for (int i = 1; i < backlog; i++) {
            assertTrue(all.received.get(i).id > all.received.get(i - 1).id, "in log order");
        }
        assertEquals(0, dispatcher.list(ADMIN).stream().mapToLong(st -> st.behind).sum());
    }

    @Test
    void aSubscriberGetsOnlyTheTypesItAsksFor() {
        EventDispatcher dispatcher = new EventDispatcher(store, config(3), clock);
        Recorder closedOnly = new Recorder("closed-only", Set.of(EventTypes.CASE_OPENED));
        dispatcher.addSubscriber(closedOnly);
        core.customer("C-1", "rep1");
        dispatcher.deliver();
        assertEquals(List.of(), closedOnly.received);
    }

    @Test
    void aFailingEventIsRetriedWithBackoffThenSetAsideAndReplayed() {
        EventDispatcher dispatcher = new EventDispatcher(store, config(3), clock);
        Recorder crm = new Recorder("crm-sync", Set.of());
        crm.poison.add("Customer C-1");
        dispatcher.addSubscriber(crm);
        core.customer("C-1", "rep1");
        core.customer("C-2", "rep1");

        dispatcher.deliver();
        SubscriberStatus failing = status(dispatcher);
        assertEquals(1, failing.attempts);
        assertEquals(List.of(), crm.received, "nothing after it goes before it");
        dispatcher.deliver();
        assertEquals(1, status(dispatcher).attempts, "not before the pause is over");
        clock.advance(Duration.ofSeconds(1));
        dispatcher.deliver();
        assertEquals(2, status(dispatcher).attempts);
        assertEquals(Duration.ofSeconds(2), Duration.between(clock.instant(), status(dispatcher).nextAttemptAt),
                "the pause doubles");
        clock.advance(Duration.ofSeconds(2));
        dispatcher.deliver();
        assertEquals(List.of("Customer C-2"), crm.names(), "after the third attempt it is set aside");
        assertEquals(1, status(dispatcher).deadLetters);
        assertEquals(1, dispatcher.deadLetters("crm-sync", ADMIN).size());
        assertTrue(dispatcher.deadLetters("crm-sync", ADMIN).get(0).lastError.contains("the CRM refused"));

        crm.poison.clear();
        assertEquals(1, dispatcher.replay("crm-sync", ADMIN));
        dispatcher.deliver();
        assertEquals(List.of("Customer C-2", "Customer C-1"), crm.names());
        assertEquals(0, status(dispatcher).deadLetters);
        assertThrows(AccessDeniedException.class, () -> dispatcher.list(MANAGER));
    }

    @Test
    void oneNodeDeliversWhileItHoldsTheLease() {
        EventDispatcher one = new EventDispatcher(store, config(3), clock);
        EventDispatcher two = new EventDispatcher(store, config(3), clock);
        Recorder onOne = new Recorder("crm-sync", Set.of());
        Recorder onTwo = new Recorder("crm-sync", Set.of());
        one.addSubscriber(onOne);
        two.addSubscriber(onTwo);
        core.customer("C-1", "rep1");
        one.deliver();
        two.deliver();
        core.customer("C-2", "rep1");
        two.deliver();
        assertEquals(List.of("Customer C-1"), onOne.names());
        assertEquals(List.of(), onTwo.names(), "node two stands by while node one holds the lease");
        one.stop();
        two.deliver();
        assertEquals(List.of("Customer C-2"), onTwo.names(), "it takes over where node one stopped");
    }

    private SubscriberStatus status(EventDispatcher dispatcher) {
        SubscriberStatus s = dispatcher.list(ADMIN).get(0);
        assertTrue(s.installed);
        return s;
    }
}
