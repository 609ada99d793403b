package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The API under attack: password guessing, revoked credentials, forged cross-site requests, object-property
 * tampering by reps, and the audit trail only admins read. The throttle's window is shortened to a few seconds
 * here (every request of the test comes from 127.0.0.1, so a throttled address would stall the other tests for the
 * default minute).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT extends WinbackTestSupport {
    private static final String AUTH_CFG = "etc/dev.winback.rest.auth.cfg";
    private static final int WINDOW_SECONDS = 3;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut(AUTH_CFG, "maxFailedLogins", "10"),
            editConfigurationFilePut(AUTH_CFG, "failedLoginWindowSeconds", Integer.toString(WINDOW_SECONDS)),
        };
    }

    private static JsonNode assertProblem(ApiResponse response, int status) {
        response.assertStatus(status);
        assertTrue(response.toString(), response.header("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        return response.json();
    }

    /** Lets every failure of the test before leave the throttle's window. */
    private static void waitOutTheWindow() throws InterruptedException {
        Thread.sleep(Duration.ofSeconds(WINDOW_SECONDS).plusMillis(200).toMillis());
    }

    @Test
    public void repeatedFailedLoginsAreThrottledForAWhileThenTheRightPasswordWorks() throws Exception {
        waitOutTheWindow();
        User guessing = new User("rep2", "guess");
        for (int i = 0; i < 10; i++) {
            assertProblem(get("/api/v1/customers", guessing), 401);
        }
        JsonNode throttled = assertProblem(get("/api/v1/customers", guessing), 429);
        ApiResponse rightPassword = get("/api/v1/customers", REP2);
        assertEquals("the right password waits too, or the throttle would tell it", 429, rightPassword.status());
        long retryAfter = Long.parseLong(rightPassword.header("Retry-After").orElseThrow());
        assertTrue(rightPassword.toString(), retryAfter >= 1 && retryAfter <= WINDOW_SECONDS);
        assertTrue(throttled.toString(), throttled.path("detail").asText().contains("try again"));

        Thread.sleep(Duration.ofSeconds(retryAfter).plusMillis(200).toMillis());
        get("/api/v1/customers", REP2).assertStatus(200);
    }

    @Test
    public void anUnknownUserAndAWrongPasswordGetTheSameAnswer() throws Exception {
        waitOutTheWindow();
        ApiResponse unknown = get("/api/v1/customers", new User("no-such-user-" + UUID.randomUUID(), "x"));
        ApiResponse wrong = get("/api/v1/customers", new User("rep1", "not-rep1s-password"));
        assertEquals(unknown.status(), wrong.status());
        assertEquals(unknown.body(), wrong.body());
        assertEquals(unknown.header("WWW-Authenticate"), wrong.header("WWW-Authenticate"));
    }

    @Test
    public void failedLoginsGoToTheSecurityLogWithoutThePassword() throws Exception {
        waitOutTheWindow();
        String user = "log-probe-" + UUID.randomUUID();
        String password = "s3cret-" + UUID.randomUUID();
        assertProblem(get("/api/v1/customers", new User(user, password)), 401);
        Path log = Paths.get(System.getProperty("karaf.log"), "security.log");
        await("the failed login in " + log, Duration.ofSeconds(10), () -> read(log).contains(user),
                () -> "the log ends: " + tail(read(log)));
        String line = read(log).lines().filter(l -> l.contains(user)).findFirst().orElseThrow();
        assertTrue(line, line.contains("login failed") && line.contains("address=127.0.0.1"));
        assertTrue(line, line.matches("^\\d{4}-\\d{2}-\\d{2}T.*"));
        assertFalse("never the password: " + line, read(log).contains(password));
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aChangedPasswordAndARemovedUserCountAtTheNextRequest() throws Exception {
        waitOutTheWindow();
        Path users = Paths.get(System.getProperty("karaf.etc"), "users.properties");
        String original = Files.readString(users, StandardCharsets.UTF_8);
        try {
            Files.writeString(users, original + "\ntemp = t3mp-one,winback-rep\n", StandardCharsets.UTF_8);
            User first = new User("temp", "t3mp-one");
            get("/api/v1/customers", first).assertStatus(200);
            get("/api/v1/customers", first).assertStatus(200); // now from the credential cache

            rewrite(users, original + "\ntemp = t3mp-two,winback-rep\n");
            assertProblem(get("/api/v1/customers", first), 401);
            get("/api/v1/customers", new User("temp", "t3mp-two")).assertStatus(200);

            rewrite(users, original);
            assertProblem(get("/api/v1/customers", new User("temp", "t3mp-two")), 401);
        } finally {
            rewrite(users, original);
        }
    }

    /** Rewrites the file as jaas:update does, and makes sure its time moves even within one clock tick. */
    private static void rewrite(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        if (!Files.getLastModifiedTime(file).toInstant().isAfter(before.toInstant())) {
            Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusMillis(1)));
        }
    }

    @Test
    public void everyAnswerSaysNosniffAndNoStoreAndNoneOpensCors() {
        for (ApiResponse answer : List.of(get("/api/v1/customers", MANAGER), get("/api/v1/customers"),
                get("/api/v1/customers/" + UUID.randomUUID(), MANAGER), get("/api/v1/health"),
                request("OPTIONS", "/api/v1/customers", null, null, Map.of("Origin", "https://evil.example",
                        "Access-Control-Request-Method", "POST")))) {
            assertEquals(answer.toString(), "nosniff", answer.header("X-Content-Type-Options").orElse(null));
            assertEquals(answer.toString(), "no-store", answer.header("Cache-Control").orElse(null));
            assertTrue(answer.toString(), answer.header("Access-Control-Allow-Origin").isEmpty());
            assertTrue(answer.toString(), answer.header("Access-Control-Allow-Credentials").isEmpty());
        }
    }

    @Test
    public void aPageElsewhereCannotStartAnImportOrChangeDataWithAManagersCredentials() {
        long jobs = countRows("SELECT COUNT(*) FROM import_jobs");
        String importPath = "/api/v1/imports/transactions?format=cdnow&datePattern=yyyyMMdd&source=csrf";
        byte[] line = "00001 19970101 1 11.77\n".getBytes(StandardCharsets.UTF_8);
        for (String simpleType : List.of("text/plain", "text/plain; charset=utf-8",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            // The upload consumes none of these types, so the JAX-RS runtime may refuse it (naming what it takes)
            // before the cross-site filter does (saying why): 415 either way, and nothing is read.
            JsonNode refused = assertProblem(upload(importPath, MANAGER, line, simpleType), 415);
            String detail = refused.path("detail").asText();
            assertTrue(refused.toString(), detail.contains("any web page could send it")
                    || detail.contains("send it as text/csv"));
        }
        assertEquals("no import was started", jobs, countRows("SELECT COUNT(*) FROM import_jobs"));

        String source = "csrf-" + UUID.randomUUID();
        Map<String, String> crossSite = Map.of("Origin", "https://evil.example");
        JsonNode forged = assertProblem(request("POST", "/api/v1/customers", MANAGER, customer(source, "X-1"),
                crossSite), 403);
        assertTrue(forged.toString(), forged.path("detail").asText().contains("another site"));
        assertProblem(request("POST", "/api/v1/customers", MANAGER, customer(source, "X-1"), Map.of("Origin",
                "null")), 403);
        assertEquals(0, countRows("SELECT COUNT(*) FROM customers WHERE source = ?", source));

        // the API's own origin (a console served from it) and clients that send no Origin go through
        String self = baseUri().getScheme() + "://" + baseUri().getHost() + ":" + baseUri().getPort();
        request("POST", "/api/v1/customers", MANAGER, customer(source, "X-2"), Map.of("Origin", self))
                .assertStatus(201);
        post("/api/v1/customers", MANAGER, customer(source, "X-3")).assertStatus(201);
        // reading is not a change
        request("GET", "/api/v1/customers?source=" + source, MANAGER, null, crossSite).assertStatus(200);
    }

    private static Map<String, Object> customer(String source, String externalId) {
        return Map.of("source", source, "externalId", externalId, "name", "Customer " + externalId);
    }

    @Test
    public void aRepNeitherTakesOverNorHandsOutCustomers() {
        String source = "owners-" + UUID.randomUUID();
        JsonNode ofRep2 = post("/api/v1/customers", MANAGER, Map.of("source", source, "externalId", "O-1", "name",
                "Rep2's customer", "ownerRep", "rep2")).assertStatus(201).json();
        String path = "/api/v1/customers/" + ofRep2.path("id").asText();

        Map<String, Object> takeover = Map.of("source", source, "externalId", "O-1", "name", "Rep2's customer",
                "ownerRep", "rep1");
        assertProblem(putCurrent(path, REP1, takeover), 403);
        Map<String, Object> edit = Map.of("source", source, "externalId", "O-1", "name", "Edited by rep1",
                "ownerRep", "rep2");
        assertProblem(putCurrent(path, REP1, edit), 403);
        JsonNode after = get(path, MANAGER).json();
        assertEquals("rep2", after.path("ownerRep").asText());
        assertEquals("Rep2's customer", after.path("name").asText());

        assertProblem(post("/api/v1/customers", REP1, Map.of("source", source, "externalId", "O-2", "name",
                "For rep2", "ownerRep", "rep2")), 403);
        JsonNode own = post("/api/v1/customers", REP1, Map.of("source", source, "externalId", "O-3", "name",
                "Rep1's own")).assertStatus(201).json();
        assertEquals("a rep's new customer is theirs", "rep1", own.path("ownerRep").asText());
        String ownPath = "/api/v1/customers/" + own.path("id").asText();
        assertProblem(putCurrent(ownPath, REP1, Map.of("source", source, "externalId", "O-3", "name",
                "Rep1's own", "ownerRep", "rep2")), 403);
        putCurrent(ownPath, REP1, Map.of("source", source, "externalId", "O-3", "name", "Rep1's own, renamed",
                "ownerRep", "rep1")).assertStatus(200);

        // the manager moves it, and the customer's next case goes to the new owner
        putCurrent(path, MANAGER, takeover).assertStatus(200);
        JsonNode opened = post("/api/v1/cases", MANAGER, Map.of("customerId", ofRep2.path("id").asText(),
                "lossKind", "LAPSED", "lossReason", "price")).assertStatus(201).json();
        assertEquals("rep1", opened.path("ownerRep").asText());
    }

    @Test
    public void theAuditTrailIsForAdminsOnlyNewestFirstAndReadOnly() {
        String source = "audit-" + UUID.randomUUID();
        JsonNode created = post("/api/v1/customers", MANAGER, customer(source, "A-1")).assertStatus(201).json();
        String id = created.path("id").asText();
        String path = "/api/v1/customers/" + id;
        putCurrent(path, MANAGER, Map.of("source", source, "externalId", "A-1", "name", "Renamed")).assertStatus(200);

        String trail = "/api/v1/audit?entityType=customer&entityId=" + id;
        JsonNode page = get(trail, ADMIN).assertStatus(200).json();
        JsonNode items = page.path("items");
        assertEquals(page.toString(), 2, items.size());
        assertEquals("update", items.get(0).path("action").asText());
        assertEquals("manager", items.get(0).path("actor").asText());
        assertEquals("Renamed", items.get(0).path("after").path("name").asText());
        assertEquals("Customer A-1", items.get(0).path("before").path("name").asText());
        assertEquals("create", items.get(1).path("action").asText());
        assertTrue(items.get(1).path("before").isNull());

        ApiResponse first = get(trail + "&limit=1", ADMIN).assertStatus(200);
        String next = first.header("Link").orElseThrow();
        assertTrue(next, next.contains("before=" + items.get(0).path("id").asText()));
        JsonNode second = get(next.substring(next.indexOf('<') + 1, next.indexOf('>')), ADMIN).assertStatus(200)
                .json();
        assertEquals(items.get(1).path("id"), second.path("items").get(0).path("id"));

        assertProblem(get(trail, MANAGER), 403);
        assertProblem(get(trail, REP1), 403);
        assertProblem(get(trail), 401);
        assertProblem(get("/api/v1/audit?from=yesterday", ADMIN), 400);
        assertProblem(get("/api/v1/audit?limit=100000", ADMIN), 400);
        long[] before = auditTotals();
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertProblem(request(method, "/api/v1/audit", ADMIN, method.equals("DELETE") ? null : Map.of("x", 1),
                    Map.of()), 405);
        }
        assertEquals("the trail did not change", before[1], auditTotals()[1]);
    }
}
