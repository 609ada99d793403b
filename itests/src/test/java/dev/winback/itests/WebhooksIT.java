package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

/**
 * Issue 8, points 3 and 4, over HTTP on the distribution: a receiving server in this JVM (its address listed in
 * allowedHosts) checks the Standard Webhooks signature of every delivery; a receiver that fails once gets the
 * delivery again, one that keeps failing past the (shortened) retry window has its endpoint switched off with the
 * reason; redelivery, the allow-list at registration, signed inbound messages (valid, forged, stale, replayed,
 * unknown type, nothing written on failure), every role on every endpoint, and the feature uninstalled (404) and
 * installed again (endpoints back, the events of the meantime delivered).
 *
 * <p>Whatever the tests share (the event log, the subscriber's position), each endpoint takes only
 * {@code customer.created} and each test looks only at deliveries of customers it created.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebhooksIT extends WinbackTestSupport {
    private static final String CFG = "etc/dev.winback.webhooks.cfg";
    private static final String PORT_PROPERTY = "winback.itest.receiverPort";
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** A retry window of seconds, so that giving up is quick to see. */
    private static final int WINDOW_SECONDS = 4;

    /** What the receiver got: the path, the three headers and the body. */
    record Delivery(String path, String id, String timestamp, String signature, String body) {
    }

    private static HttpServer receiver;
    private static final List<Delivery> RECEIVED = new CopyOnWriteArrayList<>();
    /** Per path, how many more requests fail with 500 (-1: all of them). */
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    @Override
    protected Option[] extraOptions() {
        String port = Integer.toString(freePort());
        return new Option[] {
            editConfigurationFilePut("etc/system.properties", PORT_PROPERTY, port),
            editConfigurationFilePut(CFG, "allowedHosts", "127.0.0.1:" + port),
            editConfigurationFilePut(CFG, "pollMillis", "100"),
            editConfigurationFilePut(CFG, "retryFirstPauseMillis", "200"),
            editConfigurationFilePut(CFG, "retryFactor", "2"),
            editConfigurationFilePut(CFG, "retryLongestPauseMillis", "1000"),
            editConfigurationFilePut(CFG, "retryWindowSeconds", Integer.toString(WINDOW_SECONDS)),
            editConfigurationFilePut("etc/dev.winback.core.events.cfg", "pollMillis", "100"),
        };
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Started once per container and left running: Pax Exam runs every test method as a JUnit run of its own in
     * the container, so an {@code @AfterClass} would stop it after the first test. It dies with the container.
     */
    @Before
    public void startReceiver() throws IOException {
        synchronized (WebhooksIT.class) {
            if (receiver != null) {
                return;
            }
            int port = Integer.parseInt(System.getProperty(PORT_PROPERTY));
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            receiver.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                RECEIVED.add(new Delivery(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8)));
                AtomicInteger failing = FAILURES.get(path);
                boolean fail = failing != null && (failing.get() < 0 || failing.getAndDecrement() > 0);
                byte[] answer = (fail ? "not now" : "thanks").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            receiver.start();
        }
    }

    private static String receiverUrl(String path) {
        return "http://127.0.0.1:" + System.getProperty(PORT_PROPERTY) + path;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    /** Registers an endpoint for customer.created at the receiver's {@code path}; returns the 201's body. */
    private JsonNode register(String path) {
        ObjectNode body = json().put("url", receiverUrl(path)).put("description", "WebhooksIT " + path);
        body.putArray("eventTypes").add("customer.created");
        ApiResponse created = post("/api/v1/webhooks", ADMIN, body).assertStatus(201);
        JsonNode e = created.json();
        assertTrue(created.toString(), e.path("secret").asText().startsWith("whsec_"));
        assertTrue(created.header("Location").orElseThrow().endsWith("/api/v1/webhooks/" + e.path("id").asText()));
        assertEquals("\"1\"", created.header("ETag").orElseThrow());
        return e;
    }

    private String newCustomer(String name) {
        String externalId = "wh-" + UUID.randomUUID();
        post("/api/v1/customers", MANAGER, json().put("externalId", externalId).put("source", "webhooks-it")
                .put("name", name)).assertStatus(201);
        return externalId;
    }

    private static List<Delivery> receivedFor(String path, String marker) {
        List<Delivery> found = new ArrayList<>();
        for (Delivery d : RECEIVED) {
            if (d.path().equals(path) && d.body().contains(marker)) {
                found.add(d);
            }
        }
        return found;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what + "; the receiver got " + RECEIVED);
            }
            Thread.sleep(100);
        }
    }

    private JsonNode awaitEndpoint(String id, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            JsonNode e = get("/api/v1/webhooks/" + id, ADMIN).assertStatus(200).json();
            if (condition.test(e)) {
                return e;
            }
            if (System.nanoTime() > deadline) {
                fail("Timed out; the endpoint is " + e);
            }
            Thread.sleep(100);
        }
    }

    private static void assertSigned(Delivery d, String secret) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key, d.id() + "." + d.timestamp() + "."
                + d.body()));
        boolean match = false;
        for (String s : d.signature().split(" ")) {
            match |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    s.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue("signature of " + d, match);
        assertTrue(d.id(), d.id().matches("msg_[0-9a-f]{32}"));
        assertTrue(d.timestamp(), Math.abs(Instant.now().getEpochSecond() - Long.parseLong(d.timestamp())) < 120);
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Outbound

    @Test
    public void deliveriesAreSignedAndAFailedOneIsRetriedUntilDelivered() throws Exception {
        assertFeatureInstalled("winback-webhooks");
        JsonNode ok = register("/ok");
        JsonNode flaky = register("/flaky");
        FAILURES.put("/flaky", new AtomicInteger(1));
        String customer = newCustomer("Signed Ltd");

        await("both deliveries", () -> receivedFor("/ok", customer).size() == 1
                && receivedFor("/flaky", customer).size() == 2);
        Delivery first = receivedFor("/ok", customer).get(0);
        assertSigned(first, ok.path("secret").asText());
        JsonNode body = json(first.body());
        assertEquals("customer.created", body.path("type").asText());
        assertEquals(customer, body.path("data").path("externalId").asText());
        assertFalse(body.path("timestamp").asText().isEmpty());

        List<Delivery> retried = receivedFor("/flaky", customer);
        assertEquals("the same webhook-id on the retry", retried.get(0).id(), retried.get(1).id());
        retried.forEach(d -> assertSigned(d, flaky.path("secret").asText()));

        String flakyId = flaky.path("id").asText();
        JsonNode log = get("/api/v1/webhooks/" + flakyId + "/deliveries?status=DELIVERED", ADMIN).assertStatus(200)
                .json();
        JsonNode delivery = null;
        for (JsonNode d : log.path("items")) {
            if (d.path("webhookId").asText().equals(retried.get(0).id())) {
                delivery = d;
            }
        }
        assertNotNull(log.toString(), delivery);
        assertEquals(2, delivery.path("attempts").asInt());
        assertEquals(500, delivery.path("log").get(0).path("statusCode").asInt());
        assertEquals("not now", delivery.path("log").get(0).path("response").asText());
        assertEquals(200, delivery.path("log").get(1).path("statusCode").asInt());
        assertEquals("customer.created", delivery.path("eventType").asText());
        get("/api/v1/webhooks/" + flakyId + "/deliveries/" + delivery.path("id").asText(), ADMIN).assertStatus(200);
        assertTrue(get("/api/v1/webhooks/" + flakyId, ADMIN).json().path("secret").isMissingNode());
    }

    @Test
    public void aRedeliveryGoesOutAgainWithTheSameId() throws Exception {
        JsonNode e = register("/again");
        String customer = newCustomer("Again Ltd");
        await("the delivery", () -> receivedFor("/again", customer).size() == 1);
        String id = e.path("id").asText();
        JsonNode delivery = get("/api/v1/webhooks/" + id + "/deliveries", ADMIN).json().path("items").get(0);
        ApiResponse accepted = post("/api/v1/webhooks/" + id + "/deliveries/" + delivery.path("id").asText()
                + "/redeliver", ADMIN, null).assertStatus(202);
        assertEquals("PENDING", accepted.json().path("status").asText());
        await("the redelivery", () -> receivedFor("/again", customer).size() == 2);
        List<Delivery> both = receivedFor("/again", customer);
        assertEquals(both.get(0).id(), both.get(1).id());
        assertEquals(both.get(0).body(), both.get(1).body());
        assertSigned(both.get(1), e.path("secret").asText());
        post("/api/v1/webhooks/" + id + "/deliveries/" + UUID.randomUUID() + "/redeliver", ADMIN, null)
                .assertStatus(404);
    }

    @Test
    public void anEndpointFailingPastItsRetryWindowIsSwitchedOffAndCanBeSwitchedOnAgain() throws Exception {
        FAILURES.put("/broken", new AtomicInteger(-1));
        JsonNode e = register("/broken");
        String id = e.path("id").asText();
        String customer = newCustomer("Broken Ltd");
        JsonNode off = awaitEndpoint(id, x -> !x.path("active").asBoolean());
        assertTrue(off.toString(), off.path("disabledReason").asText().contains("Answered 500"));
        assertFalse(off.path("disabledAt").asText().isEmpty());
        int attempts = receivedFor("/broken", customer).size();
        assertTrue("retried before giving up: " + attempts, attempts >= 3);
        JsonNode failed = get("/api/v1/webhooks/" + id + "/deliveries?status=FAILED", ADMIN).json();
        assertEquals(failed.toString(), 1, failed.path("total").asInt());

        // While it is off nothing is queued for it; switched on (If-Match checked), a redelivery gets through.
        FAILURES.remove("/broken");
        String etag = get("/api/v1/webhooks/" + id, ADMIN).header("ETag").orElseThrow();
        patch("/api/v1/webhooks/" + id, ADMIN, json().put("active", true), "\"1\"").assertStatus(412);
        JsonNode on = patch("/api/v1/webhooks/" + id, ADMIN, json().put("active", true), etag).assertStatus(200)
                .json();
        assertTrue(on.path("active").asBoolean());
        assertTrue(on.path("disabledReason").isNull() || on.path("disabledReason").isMissingNode());
        post("/api/v1/webhooks/" + id + "/deliveries/" + failed.path("items").get(0).path("id").asText()
                + "/redeliver", ADMIN, null).assertStatus(202);
        await("the redelivery after the fix", () -> RECEIVED.stream().anyMatch(d -> d.path().equals("/broken")
                && d.body().contains(customer) && receivedFor("/broken", customer).size() > attempts));
    }

    @Test
    public void targetsOnNonPublicAddressesAreRefusedUnlessListed() {
        for (String url : List.of("http://127.0.0.1:1/hook", "http://10.0.0.7/hook", "http://169.254.169.254/",
                "http://[::1]:8080/", "http://localhost:" + System.getProperty(PORT_PROPERTY) + "/x")) {
            ApiResponse refused = post("/api/v1/webhooks", ADMIN, json().put("url", url)).assertStatus(422);
            assertTrue(refused.toString(), refused.body().contains("allowedHosts"));
            assertTrue(refused.toString(), refused.header("Content-Type").orElse("")
                    .startsWith("application/problem+json"));
        }
        ApiResponse bad = post("/api/v1/webhooks", ADMIN, json().put("url", "ftp://example.com/")).assertStatus(400);
        assertTrue(bad.body(), bad.body().contains("http or https"));
        ObjectNode unknownType = json().put("url", receiverUrl("/x"));
        unknownType.putArray("eventTypes").add("case.exploded");
        assertTrue(post("/api/v1/webhooks", ADMIN, unknownType).assertStatus(400).body().contains("case.opened"));
        assertTrue(post("/api/v1/webhooks", ADMIN, json().put("url", receiverUrl("/x")).put("secret", "hunter2"))
                .assertStatus(400).body().contains("whsec_"));
        JsonNode listed = post("/api/v1/webhooks", ADMIN, json().put("url", receiverUrl("/listed"))
                .put("active", false)).assertStatus(201).json();
        delete("/api/v1/webhooks/" + listed.path("id").asText(), ADMIN).assertStatus(204);
        get("/api/v1/webhooks/" + listed.path("id").asText(), ADMIN).assertStatus(404);
    }

    /** A retry with the Idempotency-Key creates nothing, and the secret is shown once and kept nowhere else. */
    @Test
    public void aRetriedRegistrationCreatesNothingAndTheSecretIsShownOnce() throws Exception {
        ObjectNode body = json().put("url", receiverUrl("/retried"));
        Map<String, String> key = Map.of("Idempotency-Key", "register-" + java.util.UUID.randomUUID());
        JsonNode first = request("POST", "/api/v1/webhooks", ADMIN, body, key).assertStatus(201).json();
        ApiResponse again = request("POST", "/api/v1/webhooks", ADMIN, body, key).assertStatus(201);

        String secret = first.path("secret").asText();
        assertTrue(first.toString(), secret.startsWith("whsec_"));
        assertEquals("true", again.header("Idempotent-Replayed").orElse(""));
        assertEquals(first.path("id"), again.json().path("id"));
        assertTrue(again.body(), again.json().path("secret").isMissingNode() || again.json().path("secret").isNull());
        assertEquals("the kept answer holds no secret", 0, countRows(
                "SELECT COUNT(*) FROM idempotency_keys WHERE body LIKE ?", "%" + secret.substring("whsec_".length())
                        + "%"));
        delete("/api/v1/webhooks/" + first.path("id").asText(), ADMIN).assertStatus(204);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Inbound

    private ApiResponse postHook(String source, String id, long timestamp, String body, String secret) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String signature = "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
        Map<String, String> headers = new HashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return request("POST", "/api/v1/hooks/" + source, null, body, headers);
    }

    private static String hookBody(String type, String data) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":" + data + "}";
    }

    @Test
    public void signedInboundMessagesAreAppliedAndForgedStaleReplayedOrUnknownOnesChangeNothing() throws Exception {
        String secret = put("/api/v1/hooks/crm-it", ADMIN, json()).assertStatus(201).json().path("secret").asText();
        assertTrue(secret.startsWith("whsec_"));
        long now = Instant.now().getEpochSecond();
        String externalId = "deal-" + UUID.randomUUID();
        String lost = hookBody("deal.lost", "{\"externalId\":\"" + externalId + "\",\"name\":\"Lost Deal Ltd\","
                + "\"ownerRep\":\"rep1\",\"lossReason\":\"price\",\"notes\":\"cheaper elsewhere\"}");

        long[] before = auditTotals();
        assertProblem(postHook("crm-it", "msg_forged", now, lost, "whsec_" + Base64.getEncoder()
                .encodeToString(new byte[32])), 401, "webhook-signature");
        assertProblem(postHook("crm-it", "msg_stale", now - 600, lost, secret), 409, "webhook-timestamp");
        assertProblem(postHook("crm-it", "msg_type", now, hookBody("deal.won", "{\"externalId\":\"x\"}"), secret),
                422, "deal.lost");
        assertProblem(postHook("crm-it", "msg_bad", now, "{\"type\":\"deal.lost\",", secret), 400, "JSON");
        assertProblem(postHook("no-such-source", "msg_x", now, lost, secret), 401, "PUT /api/v1/hooks/");
        assertProblem(request("POST", "/api/v1/hooks/crm-it", null, lost, Map.of()), 401, "webhook-signature");
        assertEquals("nothing written by refused messages", before[0], auditTotals()[0]);
        assertEquals(0, get("/api/v1/customers?source=crm-it&q=Lost", ADMIN).json().path("total").asInt());

        JsonNode applied = postHook("crm-it", "msg_lost_1", now, lost, secret).assertStatus(200).json();
        assertTrue(applied.toString(), applied.path("caseOpened").asBoolean());
        JsonNode opened = get("/api/v1/cases/" + applied.path("caseId").asText(), ADMIN).assertStatus(200).json();
        assertEquals("LOST_DEAL", opened.path("lossKind").asText());
        assertEquals("price", opened.path("lossReason").asText());
        assertEquals("system:webhook:crm-it", opened.path("openedBy").asText());
        JsonNode customer = get("/api/v1/customers/" + applied.path("customerId").asText(), REP1).json();
        assertEquals(externalId, customer.path("externalId").asText());
        assertEquals("crm-it", customer.path("source").asText());

        long[] afterFirst = auditTotals();
        assertProblem(postHook("crm-it", "msg_lost_1", now, lost, secret), 409, "received already");
        assertEquals("a replay writes nothing", afterFirst[0], auditTotals()[0]);

        JsonNode again = postHook("crm-it", "msg_lost_2", now, lost, secret).assertStatus(200).json();
        assertFalse(again.path("caseOpened").asBoolean());
        assertEquals(applied.path("caseId").asText(), again.path("caseId").asText());
        JsonNode purchase = postHook("crm-it", "msg_buy", now, hookBody("purchase.recorded", "{\"externalId\":\""
                + externalId + "\",\"date\":\"2026-11-20\",\"amount\":120.5,\"currency\":\"EUR\","
                + "\"transactionId\":\"T-" + externalId + "\"}"), secret).assertStatus(200).json();
        assertNotNull(purchase.path("purchaseId").asText(null));
    }

    private static void assertProblem(ApiResponse response, int status, String text) {
        assertEquals(response.toString(), status, response.status());
        assertTrue(response.toString(), response.header("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        assertTrue(response.toString(), response.body().contains(text));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Roles

    @Test
    public void onlyAdminsManageWebhooksAndSourcesAndNobodyWithoutCredentials() {
        String id = register("/roles").path("id").asText();
        put("/api/v1/hooks/roles-it", ADMIN, json()).assertStatus(201);
        String deliveries = "/api/v1/webhooks/" + id + "/deliveries";
        String someDelivery = deliveries + "/" + UUID.randomUUID();
        ObjectNode endpoint = json().put("url", receiverUrl("/roles"));
        for (User user : new User[] {MANAGER, REP1, null}) {
            int expected = user == null ? 401 : 403;
            String who = user == null ? "no credentials" : user.name();
            List<ApiResponse> answers = List.of(
                    get("/api/v1/webhooks", user), post("/api/v1/webhooks", user, endpoint),
                    get("/api/v1/webhooks/" + id, user), patch("/api/v1/webhooks/" + id, user,
                            json().put("active", false), null),
                    delete("/api/v1/webhooks/" + id, user), get(deliveries, user), get(someDelivery, user),
                    post(someDelivery + "/redeliver", user, null), get("/api/v1/hooks", user),
                    get("/api/v1/hooks/roles-it", user), put("/api/v1/hooks/roles-it", user, json()),
                    delete("/api/v1/hooks/roles-it", user));
            for (ApiResponse a : answers) {
                assertEquals(who + ": " + a, expected, a.status());
            }
        }
        // Every one of them as admin.
        get("/api/v1/webhooks", ADMIN).assertStatus(200);
        get("/api/v1/webhooks/" + id, ADMIN).assertStatus(200);
        patch("/api/v1/webhooks/" + id, ADMIN, json().put("description", "roles"), null).assertStatus(200);
        get(deliveries, ADMIN).assertStatus(200);
        get(someDelivery, ADMIN).assertStatus(404);
        post(someDelivery + "/redeliver", ADMIN, null).assertStatus(404);
        get("/api/v1/hooks", ADMIN).assertStatus(200);
        get("/api/v1/hooks/roles-it", ADMIN).assertStatus(200);
        put("/api/v1/hooks/roles-it", ADMIN, json()).assertStatus(428);
        putCurrent("/api/v1/hooks/roles-it", ADMIN, json()).assertStatus(200);
        request("PUT", "/api/v1/hooks/roles-it", ADMIN, json(), Map.of("If-Match", "*")).assertStatus(200);
        request("PUT", "/api/v1/hooks/roles-it", ADMIN, json(), Map.of("If-Match", "\"1\"")).assertStatus(412);
        delete("/api/v1/hooks/roles-it", ADMIN).assertStatus(204);
        delete("/api/v1/webhooks/" + id, ADMIN).assertStatus(204);
        // The inbound POST has no Basic authentication: without a signature it is the signature that is missing.
        assertProblem(request("POST", "/api/v1/hooks/roles-it", ADMIN, "{}", Map.of()), 401, "PUT /api/v1/hooks");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Hot swap

    @Test
    public void uninstalledTheEndpointsAre404AndReinstalledTheyCatchUp() throws Exception {
        JsonNode e = register("/swap");
        String id = e.path("id").asText();
        featuresService.uninstallFeature("winback-webhooks");
        String customer;
        try {
            get("/api/v1/webhooks", ADMIN).assertStatus(404);
            get("/api/v1/webhooks/" + id, ADMIN).assertStatus(404);
            assertEquals(404, request("POST", "/api/v1/hooks/crm-it", null, "{}", Map.of()).status());
            customer = newCustomer("Meanwhile Ltd");
            Thread.sleep(1000);
            assertTrue(receivedFor("/swap", customer).isEmpty());
        } finally {
            featuresService.installFeature("winback-webhooks");
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        ApiResponse back = get("/api/v1/webhooks/" + id, ADMIN);
        while (back.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            back = get("/api/v1/webhooks/" + id, ADMIN);
        }
        assertEquals(back.toString(), 200, back.status());
        assertTrue(back.json().path("active").asBoolean());
        await("the event of the meantime", () -> receivedFor("/swap", customer).size() == 1);
        assertSigned(receivedFor("/swap", customer).get(0), e.path("secret").asText());
    }
}
