package dev.winback.webhooks.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.winback.api.event.WinbackEvent;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import dev.winback.webhooks.outbound.WebhookDelivery.Status;
import dev.winback.webhooks.signing.WebhookSecret;
import dev.winback.webhooks.signing.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker against a real HTTP receiver on this machine and the real store on H2. */
class DeliveryWorkerTest {
    record Received(String id, String timestamp, String signature, String body, String userAgent) {
    }

    private ScratchDatabase database;
    private JdbcWebhookStore store;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Statuses the receiver answers with, in turn; 200 once they run out. */
    private final Deque<Integer> answers = new ArrayDeque<>();
    private DeliveryWorker worker;

    @BeforeEach
    void start() throws IOException {
        database = ScratchDatabase.h2("webhooks");
        store = new JdbcWebhookStore(database.db(Clock.systemUTC()), database.audit());
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8), exchange.getRequestHeaders().getFirst("User-Agent")));
            Integer status;
            synchronized (answers) {
                status = answers.poll();
            }
            int code = status == null ? 200 : status;
            if (code == 302) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            }
            byte[] answer = ("answer " + code).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        // Answers 200 at once, then sends its body a byte every 100 ms for a minute: a receiver that never ends.
        receiver.createContext("/trickle", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException gone) {
                // the sender hung up, as it should
            }
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        database.close();
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private DeliveryWorker worker(Duration window, String... allowed) {
        TargetPolicy policy = new TargetPolicy(allowed, true, InetAddress::getAllByName);
        RetrySchedule schedule = new RetrySchedule(Duration.ofMillis(1), 1, Duration.ofMillis(1), window, 0);
        return new DeliveryWorker(store, policy, schedule, Duration.ofSeconds(2), Duration.ofSeconds(5), 20,
                Clock.systemUTC());
    }

    private WebhookEndpoint endpoint(String url) {
        WebhookEndpoint e = new WebhookEndpoint();
        e.url = url;
        e.eventTypes = List.of();
        e.secret = WebhookSecret.generate().text();
        e.active = true;
        return store.insert(e, "admin");
    }

    private WinbackEvent queue(Duration window) {
        WinbackEvent e = new WinbackEvent();
        e.id = System.nanoTime();
        e.type = "customer.created";
        e.occurredAt = Instant.parse("2099-01-01T00:00:00Z");
        e.payload = "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"Acme\"}";
        store.fanOut(e, WebhookFanOut.body(e), window);
        return e;
    }

    /** Sends what is due, one claim at a time, as the sender threads do. */
    private void sendDue() {
        for (JdbcWebhookStore.Claim c : store.claim(worker.node, Instant.now().plusSeconds(60), 20, List.of())) {
            worker.send(c);
        }
    }

    @Test
    void aDeliveryIsSignedAsTheSpecificationSaysAndLogged() {
        worker = worker(Duration.ofHours(1), "127.0.0.1");
        WebhookEndpoint e = endpoint(url());
        WinbackEvent event = queue(Duration.ofHours(1));
        sendDue();
        assertEquals(1, received.size());
        Received r = received.get(0);
        assertTrue(r.body().startsWith("{\"type\":\"customer.created\",\"timestamp\":\"2099-01-01T00:00:00Z\","
                + "\"data\":{\"id\":\""), r.body());
        long timestamp = Long.parseLong(r.timestamp());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 5);
        assertTrue(WebhookSignature.verify(WebhookSecret.of(secretOf(e)), r.id(), timestamp,
                r.body().getBytes(StandardCharsets.UTF_8), r.signature()));
        assertEquals(DeliveryWorker.USER_AGENT, r.userAgent());
        WebhookDelivery d = store.deliveries(e.id, null, 0, 10).items.get(0);
        assertEquals(Status.DELIVERED, d.status);
        assertEquals(r.id(), d.webhookId);
        assertEquals(event.id, d.eventId);
        assertEquals(200, d.log.get(0).statusCode);
        assertEquals("answer 200", d.log.get(0).response);
    }

    @Test
    void aFailureIsRetriedWithTheSameIdAndAFreshSignature() throws InterruptedException {
        worker = worker(Duration.ofHours(1), "127.0.0.1");
        WebhookEndpoint e = endpoint(url());
        answers.add(500);
        queue(Duration.ofHours(1));
        sendDue();
        Thread.sleep(20);
        sendDue();
        assertEquals(2, received.size());
        assertEquals(received.get(0).id(), received.get(1).id());
        WebhookDelivery d = store.deliveries(e.id, null, 0, 10).items.get(0);
        assertEquals(Status.DELIVERED, d.status);
        assertEquals(2, d.attempts);
        assertEquals("Answered 500", d.log.get(0).error);
        assertEquals(200, d.log.get(1).statusCode);
    }

    @Test
    void pastItsWindowADeliveryFailsAndTheEndpointIsSwitchedOffWithTheReason() throws InterruptedException {
        worker = worker(Duration.ofMillis(300), "127.0.0.1");
        WebhookEndpoint e = endpoint(url());
        for (int i = 0; i < 100; i++) {
            answers.add(503);
        }
        queue(Duration.ofMillis(300));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.find(e.id).orElseThrow().active && System.nanoTime() < deadline) {
            sendDue();
            Thread.sleep(20);
        }
        WebhookEndpoint off = store.find(e.id).orElseThrow();
        assertFalse(off.active);
        assertTrue(off.disabledReason.contains("failed") && off.disabledReason.contains("Answered 503"),
                off.disabledReason);
        assertEquals(Status.FAILED, store.deliveries(e.id, null, 0, 10).items.get(0).status);
    }

    @Test
    void redirectsAreNotFollowedAnd410SwitchesOffAtOnce() {
        worker = worker(Duration.ofHours(1), "127.0.0.1");
        WebhookEndpoint e = endpoint(url());
        answers.add(302);
        answers.add(410);
        queue(Duration.ofHours(1));
        sendDue();
        WebhookDelivery d = store.deliveries(e.id, null, 0, 10).items.get(0);
        assertTrue(d.log.get(0).error.contains("does not follow redirects"), d.log.get(0).error);
        assertEquals(1, received.size(), "nothing went to the Location");
        store.change(e.id, null, x -> { }, Duration.ofHours(1), "admin");
        sendDue();
        WebhookEndpoint off = store.find(e.id).orElseThrow();
        assertFalse(off.active);
        assertTrue(off.disabledReason.contains("410 Gone"), off.disabledReason);
    }

    @Test
    void aTargetTheAllowListNoLongerAllowsIsNotContacted() {
        worker = worker(Duration.ofHours(1)); // 127.0.0.1 not listed: registered earlier, the list changed since
        WebhookEndpoint e = endpoint(url());
        queue(Duration.ofHours(1));
        sendDue();
        assertEquals(0, received.size());
        DeliveryAttempt a = store.deliveries(e.id, null, 0, 10).items.get(0).log.get(0);
        assertNull(a.statusCode);
        assertTrue(a.error.startsWith("Not sent: ") && a.error.contains("loopback"), a.error);
    }

    @Test
    void retryAfterIsReadInSecondsAndAsADate() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(Duration.ofSeconds(120), DeliveryWorker.retryAfter(java.util.Optional.of("120"), now)
                .orElseThrow());
        assertEquals(Duration.ofSeconds(30), DeliveryWorker.retryAfter(
                java.util.Optional.of("Tue, 01 Dec 2026 10:00:30 GMT"), now).orElseThrow());
        assertTrue(DeliveryWorker.retryAfter(java.util.Optional.of("soon"), now).isEmpty());
        assertNotNull(worker = worker(Duration.ofHours(1)));
    }

    private String secretOf(WebhookEndpoint e) {
        return database.db(Clock.systemUTC()).transaction("secret", c -> dev.winback.api.store.ModuleDatabase
                .first(c, "SELECT secret FROM webhook_endpoints WHERE id = ?", rs -> rs.getString(1), e.id)
                .orElseThrow());
    }

    /** The first bytes of the answer are enough: a receiver that trickles its body does not hold the sender. */
    @Test
    void aReceiverThatNeverEndsItsAnswerDoesNotHoldTheSender() {
        worker = worker(Duration.ofHours(1), "127.0.0.1");
        WebhookEndpoint e = endpoint(url().replace("/hook", "/trickle"));
        queue(Duration.ofHours(1));

        long started = System.nanoTime();
        sendDue();

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0,
                "the attempt ended long before the minute the receiver takes");
        DeliveryAttempt a = store.deliveries(e.id, null, 0, 10).items.get(0).log.get(0);
        assertEquals(200, a.statusCode);
        assertTrue(a.response == null || a.response.chars().allMatch(c -> c == 'x'), a.response);
    }

    /** A sender whose claim ran out, and went to another node, records nothing over that node's work. */
    @Test
    void aSenderThatLostItsClaimRecordsNothing() {
        worker = worker(Duration.ofHours(1), "127.0.0.1");
        WebhookEndpoint e = endpoint(url());
        queue(Duration.ofHours(1));
        JdbcWebhookStore.Claim mine = store.claim(worker.node, Instant.now().minusSeconds(1), 20, List.of()).get(0);
        JdbcWebhookStore.Claim theirs = store.claim("other-node", Instant.now().plusSeconds(60), 20, List.of())
                .get(0);

        worker.send(mine);

        WebhookDelivery d = store.deliveries(e.id, null, 0, 10).items.get(0);
        assertEquals(Status.PENDING, d.status, "the late sender left the delivery to the node that holds it");
        assertEquals(0, d.attempts);
        worker.send(theirs);
        assertEquals(Status.DELIVERED, store.deliveries(e.id, null, 0, 10).items.get(0).status);
    }
}
