package dev.winback.webhooks.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.NotFoundException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.Page;
import dev.winback.api.event.WinbackEvent;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.webhooks.outbound.JdbcWebhookStore.Claim;
import dev.winback.webhooks.outbound.JdbcWebhookStore.Outcome;
import dev.winback.webhooks.outbound.WebhookDelivery.Status;
import dev.winback.webhooks.signing.WebhookSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the endpoint store must do on every database; run by one subclass per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookStoreContract {
    static final Duration WINDOW = Duration.ofHours(24);
    private ScratchDatabase database;
    JdbcWebhookStore store;
    private long nextEventId = 1;

    abstract ScratchDatabase newDatabase();

    @BeforeAll
    void open() {
        database = newDatabase();
        store = new JdbcWebhookStore(database.db(Clock.systemUTC()), database.audit());
    }

    @AfterAll
    void close() {
        database.close();
    }

    WebhookEndpoint endpoint(String url, String... types) {
        WebhookEndpoint e = new WebhookEndpoint();
        e.url = url;
        e.eventTypes = List.of(types);
        e.secret = WebhookSecret.generate().text();
        e.active = true;
        e.description = "test";
        return store.insert(e, "admin");
    }

    WinbackEvent event(String type) {
        WinbackEvent e = new WinbackEvent();
        e.id = nextEventId++ + 1_000_000L * (System.nanoTime() % 1000);
        e.type = type;
        e.occurredAt = Instant.now().plusSeconds(1);
        e.entityType = "customer";
        e.entityId = UUID.randomUUID().toString();
        e.actor = "admin";
        e.payload = "{\"id\":\"" + e.entityId + "\"}";
        return e;
    }

    /** Claims everything due for these endpoints (and only those, as other tests share the tables). */
    List<Claim> claimFor(UUID... endpoints) {
        Set<UUID> mine = Set.of(endpoints);
        return store.claim("node-a", Instant.now().plusSeconds(60), 1000, List.of()).stream()
                .filter(c -> mine.contains(c.endpointId())).toList();
    }

    @Test
    void anEndpointIsStoredWithItsSecretShownOnceAndListed() {
        WebhookEndpoint created = endpoint("https://a.example.com/hook", "case.opened");
        assertNotNull(created.secret);
        assertEquals(1, created.version);
        WebhookEndpoint read = store.find(created.id).orElseThrow();
        assertNull(read.secret);
        assertEquals(List.of("case.opened"), read.eventTypes);
        assertTrue(read.active);
        assertEquals("admin", read.createdBy);
        assertTrue(store.endpoints().stream().anyMatch(e -> e.id.equals(created.id)));
    }

    @Test
    void eachEventIsQueuedOnceForEveryActiveEndpointThatWantsIt() {
        WebhookEndpoint all = endpoint("https://all.example.com/");
        WebhookEndpoint cases = endpoint("https://cases.example.com/", "case.opened");
        WebhookEndpoint off = endpoint("https://off.example.com/");
        store.change(off.id, null, e -> e.active = false, WINDOW, "admin");
        WinbackEvent opened = event("case.opened");
        WinbackEvent created = event("customer.created");
        store.fanOut(opened, "{\"n\":1}", WINDOW);
        store.fanOut(opened, "{\"n\":1}", WINDOW); // at least once: the same event again
        store.fanOut(created, "{\"n\":2}", WINDOW);
        List<Claim> claims = claimFor(all.id, cases.id, off.id);
        assertEquals(3, claims.size(), claims.toString());
        assertEquals(2, claims.stream().filter(c -> c.endpointId().equals(all.id)).count());
        assertEquals(1, claims.stream().filter(c -> c.endpointId().equals(cases.id)).count());
        Claim first = claims.stream().filter(c -> c.endpointId().equals(cases.id)).findFirst().orElseThrow();
        assertEquals("{\"n\":1}", first.body());
        assertEquals("https://cases.example.com/", first.url());
        assertTrue(first.webhookId().matches("msg_[0-9a-f]{32}"));
        assertEquals(0, first.attempts());
    }

    @Test
    void anEndpointGetsNoEventFromBeforeItExisted() {
        WinbackEvent old = event("case.opened");
        old.occurredAt = Instant.now().minusSeconds(3600);
        WebhookEndpoint e = endpoint("https://new.example.com/");
        store.fanOut(old, "{}", WINDOW);
        assertEquals(0, claimFor(e.id).size());
    }

    @Test
    void claimedRowsAndBusyEndpointsAreNotClaimedAgain() {
        WebhookEndpoint a = endpoint("https://claims-a.example.com/");
        WebhookEndpoint b = endpoint("https://claims-b.example.com/");
        store.fanOut(event("case.closed"), "{}", WINDOW);
        List<Claim> busyA = store.claim("node-a", Instant.now().plusSeconds(60), 1000, List.of(a.id)).stream()
                .filter(c -> c.endpointId().equals(a.id) || c.endpointId().equals(b.id)).toList();
        assertEquals(1, busyA.size());
        assertEquals(b.id, busyA.get(0).endpointId());
        assertEquals(1, claimFor(a.id, b.id).size(), "b's row is claimed; a's is still free");
        assertEquals(0, claimFor(a.id, b.id).size());
    }

    @Test
    void aClaimThatRunsOutIsDueAgain() {
        WebhookEndpoint a = endpoint("https://expiring.example.com/");
        store.fanOut(event("case.closed"), "{}", WINDOW);
        assertEquals(1, store.claim("node-dead", Instant.now().minusSeconds(1), 1000, List.of()).stream()
                .filter(c -> c.endpointId().equals(a.id)).count());
        assertEquals(1, claimFor(a.id).size());
    }

    @Test
    void attemptsAreLoggedAndMoveTheDeliveryOn() {
        WebhookEndpoint a = endpoint("https://log.example.com/");
        store.fanOut(event("case.closed"), "{}", WINDOW);
        Claim claim = claimFor(a.id).get(0);
        Instant retry = Instant.now().plusSeconds(300);
        store.record(claim, attempt(500, "Answered 500", "oops"), Outcome.retryAt(retry));
        WebhookDelivery waiting = store.delivery(a.id, claim.deliveryId()).orElseThrow();
        assertEquals(Status.PENDING, waiting.status);
        assertEquals(1, waiting.attempts);
        assertEquals(500, waiting.lastStatus);
        assertEquals(retry.toEpochMilli(), waiting.nextAttemptAt.toEpochMilli());
        assertEquals(0, claimFor(a.id).size(), "not due before its retry time");

        // Its retry time comes: a sender claims it again and records the next attempt.
        database.db(Clock.systemUTC()).transaction("making the retry due", c -> ModuleDatabase.update(c,
                "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?", Instant.now().minusSeconds(1),
                claim.deliveryId()));
        assertTrue(store.record(claimFor(a.id).get(0), attempt(204, null, null), Outcome.delivered()));
        assertFalse(store.record(claim, attempt(500, "late", null), Outcome.retryAt(retry)),
                "the first claim is spent: a late sender records nothing");
        Page<WebhookDelivery> log = store.deliveries(a.id, null, 0, 10);
        assertEquals(1, log.total);
        WebhookDelivery done = log.items.get(0);
        assertEquals(Status.DELIVERED, done.status);
        assertNotNull(done.deliveredAt);
        assertEquals(2, done.log.size());
        assertEquals(500, done.log.get(0).statusCode);
        assertEquals("oops", done.log.get(0).response);
        assertEquals("Answered 500", done.log.get(0).error);
        assertEquals(2, done.log.get(1).attempt);
        assertNull(done.log.get(1).error);
        assertEquals(1, store.deliveries(a.id, Status.DELIVERED, 0, 10).total);
        assertEquals(0, store.deliveries(a.id, Status.FAILED, 0, 10).total);
    }

    @Test
    void givingUpSwitchesTheEndpointOffAndSwitchingItOnResumesWithAFreshWindow() {
        WebhookEndpoint a = endpoint("https://broken.example.com/");
        store.fanOut(event("case.closed"), "{}", WINDOW);
        store.fanOut(event("case.closed"), "{}", Duration.ZERO);
        List<Claim> claims = claimFor(a.id);
        assertEquals(2, claims.size());
        store.record(claims.get(0), attempt(null, "Connection refused", null), Outcome.givenUp("gave up: test"));
        // The other was claimed before; its attempt is recorded, but nothing is claimed while the endpoint is off.
        store.record(claims.get(1), attempt(503, "Answered 503", null), Outcome.retryAt(Instant.now()));
        WebhookEndpoint off = store.find(a.id).orElseThrow();
        assertFalse(off.active);
        assertEquals("gave up: test", off.disabledReason);
        assertNotNull(off.disabledAt);
        assertEquals(0, claimFor(a.id).size());
        assertEquals(Status.FAILED, store.delivery(a.id, claims.get(0).deliveryId()).orElseThrow().status);

        WebhookEndpoint on = store.change(a.id, off.version, e -> e.active = true, WINDOW, "admin");
        assertTrue(on.active);
        assertNull(on.disabledReason);
        List<Claim> resumed = claimFor(a.id);
        assertEquals(1, resumed.size(), "the waiting one, not the failed one");
        assertTrue(resumed.get(0).retryUntil().isAfter(Instant.now().plus(WINDOW).minusSeconds(60)));
    }

    @Test
    void aRedeliveryQueuesTheSameDeliveryAgainDueNow() {
        WebhookEndpoint a = endpoint("https://again.example.com/");
        store.fanOut(event("case.closed"), "{}", WINDOW);
        Claim claim = claimFor(a.id).get(0);
        store.record(claim, attempt(200, null, null), Outcome.delivered());
        WebhookDelivery again = store.redeliver(a.id, claim.deliveryId(), WINDOW);
        assertEquals(Status.PENDING, again.status);
        assertEquals(claim.webhookId(), again.webhookId);
        Claim next = claimFor(a.id).get(0);
        assertEquals(claim.deliveryId(), next.deliveryId());
        assertEquals(1, next.attempts());
        assertThrows(NotFoundException.class, () -> store.redeliver(a.id, UUID.randomUUID(), WINDOW));
        WebhookEndpoint other = endpoint("https://other.example.com/");
        assertThrows(NotFoundException.class, () -> store.redeliver(other.id, claim.deliveryId(), WINDOW));
    }

    @Test
    void changesCheckTheVersionAndDeletingTakesTheQueueAlong() {
        WebhookEndpoint a = endpoint("https://change.example.com/");
        WebhookEndpoint changed = store.change(a.id, 1L, e -> {
            e.url = "https://changed.example.com/";
            e.eventTypes = List.of("case.closed", "case.opened");
        }, WINDOW, "admin");
        assertEquals(2, changed.version);
        assertEquals(List.of("case.closed", "case.opened"), changed.eventTypes);
        assertThrows(VersionMismatchException.class, () -> store.change(a.id, 1L, e -> { }, WINDOW, "admin"));
        assertThrows(NotFoundException.class, () -> store.change(UUID.randomUUID(), null, e -> { }, WINDOW, "admin"));
        store.fanOut(event("case.closed"), "{}", WINDOW);
        assertTrue(store.delete(a.id, "admin"));
        assertFalse(store.delete(a.id, "admin"));
        assertEquals(0, claimFor(a.id).size());
        assertThrows(NotFoundException.class, () -> store.deliveries(a.id, null, 0, 10));
    }

    static DeliveryAttempt attempt(Integer status, String error, String response) {
        DeliveryAttempt a = new DeliveryAttempt();
        a.attemptedAt = Instant.now();
        a.statusCode = status;
        a.durationMs = 12;
        a.error = error;
        a.response = response;
        return a;
    }

    /** Every change of an endpoint is in the audit trail with who made it, and no secret ever is. */
    @Test
    void endpointChangesAreAuditedWithoutTheirSecret() {
        WebhookEndpoint a = endpoint("https://audited.example.com/");
        String secret = WebhookSecret.generate().text();
        store.change(a.id, null, e -> e.secret = secret, WINDOW, "root");
        store.change(a.id, null, e -> e.description = "renamed", WINDOW, "admin");
        assertTrue(store.delete(a.id, "admin"));

        List<AuditEntry> trail = database.audit().forEntity(JdbcWebhookStore.ENTITY_TYPE, a.id.toString());

        assertEquals(List.of("create", "update", "update", "delete"),
                trail.stream().map(x -> x.action).collect(Collectors.toList()));
        assertEquals(List.of("admin", "root", "admin", "admin"),
                trail.stream().map(x -> x.actor).collect(Collectors.toList()));
        for (AuditEntry entry : trail) {
            for (String json : new String[] {entry.before, entry.after}) {
                assertFalse(json != null && (json.contains(secret) || json.contains(a.secret)), json);
            }
        }
        assertTrue(trail.get(1).after.contains("\"secretChanged\":true"), trail.get(1).after);
        assertTrue(trail.get(2).after.contains("\"secretChanged\":false"), trail.get(2).after);
        assertTrue(trail.get(2).after.contains("\"description\":\"renamed\""), trail.get(2).after);
    }
}
