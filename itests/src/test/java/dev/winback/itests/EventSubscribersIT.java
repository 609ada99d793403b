package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.winback.api.event.EventSubscriber;
import dev.winback.api.event.WinbackEvent;

/**
 * Issue 8, point 2 in a running Karaf: {@link EventSubscriber} services registered from this test (as a module's
 * bundle would register them) get the events of changes made over HTTP, from their own position in the database:
 * in log order and once each when nothing fails; a subscriber that was away (its bundle uninstalled) gets exactly
 * what it missed; types it does not want are skipped; an event it keeps failing on is retried (the attempts show in
 * {@code GET /api/v1/subscribers}), set aside as a dead letter, and delivered on {@code POST .../replay}; an event
 * whose transaction commits after a later one's is still delivered. The admin endpoints refuse everyone else.
 *
 * <p>One container, delivery tuned to be quick: a look at the log every 200 ms, three attempts 200 ms and 400 ms
 * apart. Every test uses its own subscriber name; a new name starts at the beginning of the log, so each subscriber
 * also gets what earlier tests wrote, and its deliveries are compared with {@code GET /api/v1/events}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventSubscribersIT extends CaseWorkflowSupport {
    private static final String EVENTS = "/api/v1/events";
    private static final String SUBSCRIBERS = "/api/v1/subscribers";
    private static final String EVENTS_CFG = "etc/dev.winback.core.events.cfg";
    private static final int MAX_ATTEMPTS = 3;
    /** Long enough for a slow machine, short against the tuned delivery (a look at the log every 200 ms). */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut(EVENTS_CFG, "pollMillis", "200"),
            editConfigurationFilePut(EVENTS_CFG, "maxAttempts", Integer.toString(MAX_ATTEMPTS)),
            editConfigurationFilePut(EVENTS_CFG, "retryBaseMillis", "200"),
        };
    }

    // ------------------------------------------------------------------------------------------------------------
    // A subscriber as a module would write one, and its registration

    /**
     * Records what it is given. It refuses (throws on) events whose payload holds {@link #refuse}, and holds on to
     * the first event whose payload holds {@link #hold} until {@link #resume} opens, so that a test can act while a
     * delivery is under way.
     */
    static final class Recorder implements EventSubscriber {
        final String name;
        final Set<String> types;
        /** The events it took (onEvent returned normally), in the order it took them. */
        final List<WinbackEvent> received = new CopyOnWriteArrayList<>();
        /** The id of every call, whether it returned or threw. */
        final List<Long> calls = new CopyOnWriteArrayList<>();

        volatile String refuse;
        final AtomicInteger refusals = new AtomicInteger();
        /** The second attempt at a refused event waits for this before it throws. */
        final CountDownLatch secondAttemptMayFail = new CountDownLatch(1);
        final CountDownLatch inSecondAttempt = new CountDownLatch(1);

        volatile String hold;
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

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
        public void onEvent(WinbackEvent event) throws Exception {
            calls.add(event.id);
            String payload = event.payload == null ? "" : event.payload;
            String refused = refuse;
            if (refused != null && payload.contains(refused)) {
                int attempt = refusals.incrementAndGet();
                if (attempt == 2) {
                    inSecondAttempt.countDown();
                    secondAttemptMayFail.await(SETTLE.toSeconds(), TimeUnit.SECONDS);
                }
                throw new IllegalStateException("refusing event " + event.id + " (attempt " + attempt + ")");
            }
            String held = hold;
            if (held != null && payload.contains(held) && holding.getCount() > 0) {
                holding.countDown();
                resume.await(SETTLE.toSeconds(), TimeUnit.SECONDS);
            }
            received.add(event);
        }

        List<Long> receivedIds() {
            List<Long> ids = new ArrayList<>();
            received.forEach(e -> ids.add(e.id));
            return ids;
        }

        boolean got(long id) {
            return receivedIds().contains(id);
        }

        /** What it took with ids up to {@code head}, in the order it took them. */
        List<WinbackEvent> upTo(long head) {
            List<WinbackEvent> events = new ArrayList<>();
            for (WinbackEvent e : received) {
                if (e.id <= head) {
                    events.add(e);
                }
            }
            return events;
        }

        @Override
        public String toString() {
            return name + " received " + receivedIds() + ", calls " + calls;
        }
    }

    private final List<ServiceRegistration<EventSubscriber>> registrations = new ArrayList<>();
    private final List<Recorder> recorders = new ArrayList<>();

    /** Registers the subscriber the way a module's bundle does: a service with its name as a property. */
    private ServiceRegistration<EventSubscriber> register(Recorder recorder) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventSubscriber.NAME_PROPERTY, recorder.name);
        ServiceRegistration<EventSubscriber> registration =
                bundleContext.registerService(EventSubscriber.class, recorder, properties);
        registrations.add(registration);
        recorders.add(recorder);
        return registration;
    }

    /** A subscriber left waiting or registered would hold up delivery to the next test's. */
    @After
    public void unregisterSubscribers() {
        for (Recorder r : recorders) {
            r.secondAttemptMayFail.countDown();
            r.resume.countDown();
        }
        for (ServiceRegistration<EventSubscriber> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the test unregistered it itself
            }
        }
        registrations.clear();
        recorders.clear();
    }

    // ------------------------------------------------------------------------------------------------------------
    // The log and the subscribers, over HTTP



    private static List<JsonNode> upTo(List<JsonNode> events, long head) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("id").asLong() <= head) {
                found.add(e);
            }
        }
        return found;
    }


    private static List<Long> eventIds(List<WinbackEvent> events) {
        List<Long> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.id));
        return ids;
    }

    /** The one event of {@code type} about {@code entityId} in the log. */
    private JsonNode logged(String type, String entityId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : eventsAfter(0, type)) {
            if (entityId.equals(e.path("entityId").asText())) {
                found.add(e);
            }
        }
        assertEquals("one " + type + " about " + entityId + ": " + found, 1, found.size());
        return found.get(0);
    }

    /** The subscriber's line of {@code GET /subscribers}, or null when it has none. */
    private JsonNode status(String name) {
        ApiResponse r = get(SUBSCRIBERS, ADMIN).assertStatus(200);
        assertTrue(r.toString(), r.json().isArray());
        for (JsonNode s : r.json()) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        return null;
    }

    /** Waits (bounded) until {@code done}; fails with {@code state} when it never is. */
    private static void await(String what, BooleanSupplier done, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + SETTLE.toSeconds() + " s: " + what + "; " + state.get());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the subscriber has taken the event with id {@code id}. */
    private static void awaitReceived(Recorder r, long id) throws InterruptedException {
        await(r.name + " takes event " + id, () -> r.got(id), r::toString);
    }

    /** Waits until a new subscriber has taken the log up to {@code head} (nothing to wait for in an empty log). */
    private void awaitCaughtUp(Recorder r, long head) throws InterruptedException {
        if (head > 0) {
            awaitReceived(r, head);
            awaitPosition(r.name, head);
        }
    }

    /** Waits until the subscriber's stored position has reached {@code id}; returns its status then. */
    private JsonNode awaitPosition(String name, long id) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        await(name + "'s position reaches " + id, () -> {
            last[0] = status(name);
            return last[0] != null && last[0].path("position").asLong() >= id;
        }, () -> "GET /subscribers: " + get(SUBSCRIBERS, ADMIN).body());
        return last[0];
    }

    /** A delivered event is the logged one: same id, type, entity, actor and payload. */
    private static void assertSameEvent(JsonNode logged, WinbackEvent delivered) {
        String where = "delivered " + delivered.id + " " + delivered.type + " vs logged " + logged;
        assertEquals(where, logged.path("id").asLong(), delivered.id);
        assertEquals(where, logged.path("type").asText(), delivered.type);
        assertEquals(where, logged.path("entityType").asText(), delivered.entityType);
        assertEquals(where, logged.path("entityId").asText(), delivered.entityId);
        assertEquals(where, logged.path("actor").asText(), delivered.actor);
        assertNotNull(where, delivered.occurredAt);
        assertEquals(where, logged.path("payload"), json(delivered.payload));
    }

    private static void assertNoDuplicates(Recorder r) {
        assertEquals("each event once: " + r, r.receivedIds().size(), new HashSet<>(r.receivedIds()).size());
    }

    /** Creates a customer as a manager; {@code marker} goes into its externalId, so into its events' payloads. */
    private String newCustomer(String name, String marker) {
        ObjectNode body = json().put("externalId", marker).put("source", "subscribers-it").put("name", name)
                .put("ownerRep", "rep1").put("lifetimeValue", 1000).put("currency", "EUR");
        return id(post("/api/v1/customers", MANAGER, body).assertStatus(201).json());
    }

    private String newCustomer(String name) {
        return newCustomer(name, "SUB-" + UUID.randomUUID());
    }

    /** Opens a LAPSED case for a new customer and closes it as CLOSED_NEVER; returns the case id. */
    private String openAndClose(String customerName) {
        JsonNode c = openCase(REP1, newCustomer(customerName), "LAPSED", "price", null);
        post("/api/v1/cases/" + id(c) + "/close", MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "Gone for good")).assertStatus(200);
        return id(c);
    }

    // ------------------------------------------------------------------------------------------------------------
    // (a) In log order, once each

    @Test
    public void aSubscriberGetsEveryEventInLogOrderOnce() throws Exception {
        Recorder r = new Recorder("it-in-order", Set.of());
        register(r);

        String customerId = newCustomer("Subscriber Order GmbH");
        ApiResponse read = get("/api/v1/customers/" + customerId, MANAGER).assertStatus(200);
        ObjectNode change = (ObjectNode) read.json();
        change.put("name", "Subscriber Order AG");
        request("PUT", "/api/v1/customers/" + customerId, MANAGER, change, Map.of("If-Match", etag(read)))
                .assertStatus(200);
        post("/api/v1/customers/" + customerId + "/contact-block", MANAGER, json().put("reason", "Asked us to stop"))
                .assertStatus(200);
        String caseId = openAndClose("Subscriber Order Case Ltd");

        List<JsonNode> log = eventsAfter(0, null);
        long head = log.get(log.size() - 1).path("id").asLong();
        awaitReceived(r, head);

        // The whole log up to now, from its first event, in the order of the log, nothing twice.
        List<WinbackEvent> got = r.upTo(head);
        assertEquals("delivered in log order: " + r, ids(log), eventIds(got));
        for (int i = 0; i < log.size(); i++) {
            assertSameEvent(log.get(i), got.get(i));
        }
        assertNoDuplicates(r);
        assertEquals("no failures, so one call per event: " + r, r.receivedIds(), r.calls);
        long last = 0;
        for (long id : r.receivedIds()) {
            assertTrue("ids ascend: " + r, id > last);
            last = id;
        }
        // this test's own changes are among them, with their types
        for (String[] expected : new String[][] {{"customer.created", customerId}, {"customer.updated", customerId},
                {"customer.contact-blocked", customerId}, {"case.opened", caseId}, {"case.closed", caseId}}) {
            long id = logged(expected[0], expected[1]).path("id").asLong();
            assertTrue(expected[0] + " " + expected[1] + " delivered: " + r, r.got(id));
        }

        JsonNode s = awaitPosition(r.name, head);
        assertTrue(s.toString(), s.path("installed").asBoolean());
        assertTrue(s.toString(), s.path("retrying").isNull());
        assertEquals(s.toString(), 0, s.path("attempts").asInt());
        assertEquals(s.toString(), 0, s.path("deadLetters").asLong());
        assertFalse("this node holds its lease: " + s, s.path("leaseHolder").asText().isBlank());
        assertTrue(s.toString(), s.path("leaseUntil").isTextual());
        await("nothing behind once caught up", () -> status(r.name).path("behind").asLong() == 0,
                () -> String.valueOf(status(r.name)));
    }

    // ------------------------------------------------------------------------------------------------------------
    // (b) Away and back: nothing missed

    @Test
    public void aSubscriberThatWasAwayGetsExactlyWhatItMissed() throws Exception {
        String name = "it-away-and-back";
        Recorder first = new Recorder(name, Set.of());
        ServiceRegistration<EventSubscriber> registration = register(first);
        String before = newCustomer("Subscriber Before GmbH");
        long head1 = head();
        awaitReceived(first, head1);
        // its position is stored before it goes, so it will not be given the same event again
        awaitPosition(name, head1);
        long lastDelivered = first.receivedIds().get(first.receivedIds().size() - 1);
        assertEquals(first.toString(), head1, lastDelivered);
        assertTrue(first.got(logged("customer.created", before).path("id").asLong()));

        registration.unregister(); // what uninstalling its bundle does
        await(name + " shows as not installed", () -> {
            JsonNode s = status(name);
            return s != null && !s.path("installed").asBoolean();
        }, () -> String.valueOf(status(name)));

        List<String> missed = List.of(newCustomer("Subscriber Away One"), newCustomer("Subscriber Away Two"));
        String closedWhileAway = openAndClose("Subscriber Away Case");
        long head2 = head();
        int takenBefore = first.calls.size();
        Thread.sleep(1000); // five looks at the log: nobody may move its position while it is away
        JsonNode away = status(name);
        assertEquals("the position stays where it stopped: " + away, lastDelivered, away.path("position").asLong());
        assertFalse(away.toString(), away.path("installed").asBoolean());
        long missedCount = upTo(eventsAfter(lastDelivered, null), head2).size();
        assertTrue("what it missed is behind (" + missedCount + "): " + away,
                missedCount >= 4 && away.path("behind").asLong() >= missedCount);
        assertEquals("an unregistered subscriber gets nothing: " + first, takenBefore, first.calls.size());

        Recorder second = new Recorder(name, Set.of());
        register(second);
        awaitReceived(second, head2);

        List<JsonNode> expected = upTo(eventsAfter(lastDelivered, null), head2);
        List<WinbackEvent> got = second.upTo(head2);
        assertEquals("exactly what it missed, from the event after its last one: " + second, ids(expected),
                eventIds(got));
        for (int i = 0; i < expected.size(); i++) {
            assertSameEvent(expected.get(i), got.get(i));
        }
        assertNoDuplicates(second);
        for (String customerId : missed) {
            assertTrue(second.got(logged("customer.created", customerId).path("id").asLong()));
        }
        assertTrue(second.got(logged("case.closed", closedWhileAway).path("id").asLong()));
        assertTrue("nothing it had already taken: " + second, second.receivedIds().get(0) > lastDelivered);
        assertTrue(status(name).path("installed").asBoolean());
    }

    // ------------------------------------------------------------------------------------------------------------
    // (c) Types

    @Test
    public void aSubscriberGetsOnlyTheTypesItAsksFor() throws Exception {
        Recorder r = new Recorder("it-closed-only", Set.of("case.closed"));
        register(r);
        String one = openAndClose("Subscriber Closed One");
        String two = openAndClose("Subscriber Closed Two");
        long lastClosed = logged("case.closed", two).path("id").asLong();
        awaitReceived(r, lastClosed);

        List<JsonNode> closed = upTo(eventsAfter(0, "case.closed"), lastClosed);
        assertEquals("every case.closed of the log, nothing else: " + r, ids(closed),
                eventIds(r.upTo(lastClosed)));
        for (int i = 0; i < closed.size(); i++) {
            assertSameEvent(closed.get(i), r.received.get(i));
        }
        for (WinbackEvent e : r.received) {
            assertEquals(r.toString(), "case.closed", e.type);
        }
        assertEquals("other types are skipped without calling it: " + r, r.receivedIds(), r.calls);
        assertTrue(r.got(logged("case.closed", one).path("id").asLong()));
        assertNoDuplicates(r);

        // Events it does not want after its last one are skipped too: its position moves past them ("the last
        // event it has taken care of (delivered, skipped or set aside)"), so it is not shown as behind.
        newCustomer("Subscriber Not Closed");
        long head = head();
        JsonNode s = awaitPosition(r.name, head);
        assertEquals(r.toString(), lastClosed, r.receivedIds().get(r.receivedIds().size() - 1).longValue());
        assertTrue(s.toString(), s.path("retrying").isNull());
    }

    // ------------------------------------------------------------------------------------------------------------
    // (d) Retries, dead letters, replay

    @Test
    public void aFailingEventIsRetriedThenSetAsideAndReplayed() throws Exception {
        String name = "it-dead-letter";
        String poison = "POISON-" + UUID.randomUUID();
        Recorder r = new Recorder(name, Set.of("customer.created"));
        r.refuse = poison; // before the change, so that its very first delivery already fails
        register(r);

        String refusedCustomer = newCustomer("Subscriber Poison GmbH", poison);
        List<String> later = List.of(newCustomer("Subscriber After Poison One"),
                newCustomer("Subscriber After Poison Two"));
        long refused = logged("customer.created", refusedCustomer).path("id").asLong();
        List<Long> laterIds = new ArrayList<>();
        for (String c : later) {
            laterIds.add(logged("customer.created", c).path("id").asLong());
        }

        // The second attempt waits inside onEvent: the first failure is on record, visible to an admin.
        assertTrue("a second attempt at event " + refused + ": " + r,
                r.inSecondAttempt.await(SETTLE.toSeconds(), TimeUnit.SECONDS));
        JsonNode failing = status(name);
        assertNotNull("listed: " + get(SUBSCRIBERS, ADMIN).body(), failing);
        assertEquals("retrying the refused event: " + failing, refused, failing.path("retrying").asLong());
        assertEquals("one failed attempt so far: " + failing, 1, failing.path("attempts").asInt());
        assertTrue(failing.toString(), failing.path("lastError").asText().contains("refusing event " + refused));
        assertTrue(failing.toString(), failing.path("nextAttemptAt").isTextual());
        assertEquals(failing.toString(), 0, failing.path("deadLetters").asLong());
        for (long id : laterIds) {
            assertFalse("in log order: nothing after the failing event goes first: " + r, r.got(id));
        }
        r.secondAttemptMayFail.countDown();

        // After the last attempt it is set aside and delivery goes on.
        for (long id : laterIds) {
            awaitReceived(r, id);
        }
        assertEquals("exactly " + MAX_ATTEMPTS + " attempts: " + r, MAX_ATTEMPTS, r.refusals.get());
        assertFalse(r.got(refused));
        JsonNode afterwards = awaitPosition(name, laterIds.get(1));
        assertTrue(afterwards.toString(), afterwards.path("retrying").isNull());
        assertEquals(afterwards.toString(), 0, afterwards.path("attempts").asInt());
        assertEquals(afterwards.toString(), 1, afterwards.path("deadLetters").asLong());

        ApiResponse listed = get(SUBSCRIBERS + "/" + name + "/dead-letters", ADMIN).assertStatus(200);
        JsonNode dead = listed.json();
        assertEquals(listed.toString(), 1, dead.size());
        JsonNode letter = dead.get(0);
        assertEquals(letter.toString(), name, letter.path("subscriber").asText());
        assertEquals(letter.toString(), MAX_ATTEMPTS, letter.path("attempts").asInt());
        assertTrue(letter.toString(), letter.path("lastError").asText().contains("attempt " + MAX_ATTEMPTS));
        assertTrue(letter.toString(), letter.path("failedAt").isTextual());
        JsonNode event = letter.path("event");
        assertEquals(letter.toString(), refused, event.path("id").asLong());
        assertEquals(letter.toString(), "customer.created", event.path("type").asText());
        assertEquals(letter.toString(), refusedCustomer, event.path("entityId").asText());
        assertTrue("the payload is embedded JSON, as /events shows it: " + letter, event.path("payload").isObject());
        assertEquals(letter.toString(), poison, event.path("payload").path("externalId").asText());
        assertEquals(logged("customer.created", refusedCustomer), event);

        // Only admins see or replay it.
        assertProblem(get(SUBSCRIBERS + "/" + name + "/dead-letters", MANAGER), 403);
        assertProblem(post(SUBSCRIBERS + "/" + name + "/replay", MANAGER, null), 403);
        assertEquals(1, get(SUBSCRIBERS + "/" + name + "/dead-letters", ADMIN).assertStatus(200).json().size());

        // The subscriber is mended; the admin replays: the event is delivered and the list empties.
        r.refuse = null;
        ApiResponse replay = post(SUBSCRIBERS + "/" + name + "/replay", ADMIN, null).assertStatus(200);
        assertEquals(replay.toString(), 1, replay.json().path("replayed").asInt());
        awaitReceived(r, refused);
        await("the replayed dead letter leaves the list", () -> get(SUBSCRIBERS + "/" + name + "/dead-letters",
                ADMIN).assertStatus(200).json().size() == 0,
                () -> get(SUBSCRIBERS + "/" + name + "/dead-letters", ADMIN).body());
        assertSameEvent(logged("customer.created", refusedCustomer), r.received.get(r.receivedIds().indexOf(refused)));
        assertNoDuplicates(r);
        await("no dead letters counted", () -> status(name).path("deadLetters").asLong() == 0,
                () -> String.valueOf(status(name)));
        assertEquals("nothing left to replay", 0, post(SUBSCRIBERS + "/" + name + "/replay", ADMIN, null)
                .assertStatus(200).json().path("replayed").asInt());
        Thread.sleep(600);
        assertNoDuplicates(r);
    }

    // ------------------------------------------------------------------------------------------------------------
    // (e) A transaction that commits after a later one

    /** Writes an event in a transaction left open; the caller commits or rolls back {@code held}. */
    private long insertUncommitted(Connection held, String entityId) throws SQLException {
        held.setAutoCommit(false);
        try (PreparedStatement s = held.prepareStatement("INSERT INTO event_log (type, occurred_at, entity_type,"
                + " entity_id, actor, payload) VALUES ('customer.updated', CURRENT_TIMESTAMP, 'customer', ?, 'test',"
                + " '{}')", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, entityId);
            assertEquals(1, s.executeUpdate());
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertTrue("a generated id", keys.next());
                return keys.getLong(1);
            }
        }
    }

    /**
     * The event of a transaction that commits after a later event's, once that later one has been delivered and the
     * subscriber's position has moved past it: still delivered.
     */
    @Test
    public void anEventThatCommitsLateIsDelivered() throws Exception {
        Recorder r = new Recorder("it-late-commit", Set.of());
        register(r);
        long start = head();
        awaitCaughtUp(r, start);

        String lateEntity = "late-" + UUID.randomUUID();
        try (Connection held = winbackDataSource().getConnection()) {
            long early;
            String customerId;
            try {
                early = insertUncommitted(held, lateEntity);
                customerId = newCustomer("Subscriber Commits First"); // its own transaction, committed at once
            } catch (RuntimeException | SQLException | AssertionError e) {
                held.rollback();
                throw e;
            }
            long later = logged("customer.created", customerId).path("id").asLong();
            assertTrue("the held event has the lower id: " + early + " < " + later, early < later);

            awaitReceived(r, later);
            awaitPosition(r.name, later); // the position has moved past the held id
            assertFalse("not delivered before it commits: " + r, r.got(early));
            held.commit();

            awaitReceived(r, early);
        }
        JsonNode late = logged("customer.updated", lateEntity);
        assertSameEvent(late, r.received.get(r.receivedIds().indexOf(late.path("id").asLong())));
        assertNoDuplicates(r);
        List<JsonNode> log = eventsAfter(start, null);
        assertTrue("everything after the start delivered: " + r, r.receivedIds().containsAll(ids(log)));
    }

    /**
     * The same, but the late transaction commits while the later event is being delivered: after the subscriber
     * read the log (without the held event) and before its position moves past the held id.
     */
    @Test
    public void anEventThatCommitsWhileALaterOneIsBeingDeliveredIsDelivered() throws Exception {
        Recorder r = new Recorder("it-late-commit-in-flight", Set.of());
        String marker = "HOLD-" + UUID.randomUUID();
        register(r);
        long start = head();
        awaitCaughtUp(r, start);
        r.hold = marker;

        String lateEntity = "late-" + UUID.randomUUID();
        long early;
        long later;
        try (Connection held = winbackDataSource().getConnection()) {
            String customerId;
            try {
                early = insertUncommitted(held, lateEntity);
                customerId = newCustomer("Subscriber Delivered While Committing", marker);
                later = logged("customer.created", customerId).path("id").asLong();
                assertTrue("the held event has the lower id: " + early + " < " + later, early < later);
                assertTrue("the later event is being delivered: " + r,
                        r.holding.await(SETTLE.toSeconds(), TimeUnit.SECONDS));
            } catch (RuntimeException | SQLException | AssertionError | InterruptedException e) {
                held.rollback();
                throw e;
            }
            assertFalse(r.toString(), r.got(early));
            held.commit();
        } finally {
            r.resume.countDown();
        }
        awaitReceived(r, later);
        long held = early;
        await(r.name + " takes event " + early + ", committed while " + later + " was being delivered",
                () -> r.got(held), () -> r + "; status " + status(r.name));
        assertNoDuplicates(r);
    }

    // ------------------------------------------------------------------------------------------------------------
    // (f) Admins only

    @Test
    public void onlyAdminsSeeAndSteerSubscribers() throws Exception {
        Recorder r = new Recorder("it-guarded", Set.of());
        register(r);
        await("listed", () -> status(r.name) != null, () -> get(SUBSCRIBERS, ADMIN).body());
        String dead = SUBSCRIBERS + "/" + r.name + "/dead-letters";
        String replay = SUBSCRIBERS + "/" + r.name + "/replay";

        for (User user : List.of(MANAGER, REP1)) {
            assertProblem(get(SUBSCRIBERS, user), 403);
            assertProblem(get(dead, user), 403);
            assertProblem(post(replay, user, null), 403);
            // an unknown name is no different for them: nothing to learn about which names exist
            assertProblem(get(SUBSCRIBERS + "/nobody-here/dead-letters", user), 403);
            assertProblem(post(SUBSCRIBERS + "/nobody-here/replay", user, null), 403);
        }
        User wrong = new User("admin", "not-the-password");
        for (User user : new User[] {null, wrong}) {
            assertProblem(request("GET", SUBSCRIBERS, user, null, Map.of()), 401);
            assertProblem(request("GET", dead, user, null, Map.of()), 401);
            assertProblem(request("POST", replay, user, null, Map.of()), 401);
        }
        assertProblem(get(SUBSCRIBERS + "/nobody-here/dead-letters", ADMIN), 404);
        assertProblem(post(SUBSCRIBERS + "/nobody-here/replay", ADMIN, null), 404);

        assertEquals(0, get(dead, ADMIN).assertStatus(200).json().size());
        assertEquals(0, post(replay, ADMIN, null).assertStatus(200).json().path("replayed").asInt());
        // methods the endpoints do not have
        assertProblem(request("DELETE", SUBSCRIBERS, ADMIN, null, Map.of()), 405);
        assertProblem(get(replay, ADMIN), 405);
    }
}
