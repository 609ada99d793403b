package dev.winback.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The distribution as shipped, started from a fresh copy the way the README tells an admin to: the first admin
 * password written into etc/users.properties in clear text, then {@code bin/karaf}. Checks what "Running it safely"
 * promises: digests only in users.properties (owner-only), every listener on 127.0.0.1, no Server banner, and
 * stalled or dripping requests cut off with 408 and one log line, never a 500 with a stack trace.
 *
 * <p>The copy runs with 4-second idle timeouts (30 s as shipped) to keep the test short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardenedDistributionIT {
    private static final String FIRST_ADMIN_PASSWORD = "Fresh-Admin-1";
    private static final Pattern DIGEST = Pattern.compile("\\{CRYPT\\}[0-9A-Fa-f]{128}\\{CRYPT\\}");
    private static final String MANAGER = "manager:manager";
    private static final Duration IDLE = Duration.ofSeconds(4);
    /** A customer as JSON: what the slow clients would send if they sent it all. */
    private static final byte[] CUSTOMER =
            "{\"externalId\":\"SLOW-1\",\"source\":\"slow\",\"name\":\"A slow customer\"}".getBytes(StandardCharsets.UTF_8);

    private Distribution winback;

    @BeforeAll
    void start() throws Exception {
        winback = Distribution.freshCopy("hardened");
        winback.firstAdminPassword(FIRST_ADMIN_PASSWORD);
        Path users = winback.home.resolve("etc/users.properties");
        assertTrue(Files.readString(users).contains("admin = " + FIRST_ADMIN_PASSWORD + ",_g_:admingroup"));
        String idleMillis = Long.toString(IDLE.toMillis());
        winback.set("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.server.connector.idleTimeout", idleMillis);
        winback.replace("etc/jetty.xml", "<Set name=\"idleTimeout\">30000</Set>",
                "<Set name=\"idleTimeout\">" + idleMillis + "</Set>");
        winback.start();
        assertNotNull(winback.awaitHealth(Duration.ofSeconds(180)), "health did not answer 200; see " + winback.log());
        awaitQuietLog();
    }

    /** Stops Karaf; the copy stays under target/runs/hardened for a look at its log (the next run replaces it). */
    @AfterAll
    void stop() throws Exception {
        if (winback != null) {
            winback.stop(Duration.ofSeconds(60));
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Passwords

    @Test
    void theShippedUsersFileHoldsOnlyDigestsAndIsTheOwnersAlone() throws Exception {
        Path shipped = Paths.get(Distribution.required("winback.dist"), "etc/users.properties");
        List<String> entries = Files.readAllLines(shipped).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("_g_"))
                .collect(Collectors.toList());
        assertEquals(4, entries.size(), entries.toString());
        for (String entry : entries) {
            String value = entry.substring(entry.indexOf('=') + 1).trim();
            assertTrue(DIGEST.matcher(value.split(",")[0]).matches(), "not a digest: " + entry);
        }
        Path tarGz = Paths.get(Distribution.required("winback.distArchive"));
        Process tar = new ProcessBuilder("tar", "-tvzf", tarGz.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        String usersEntry = listing.lines().filter(l -> l.endsWith("/etc/users.properties")).findFirst().orElseThrow();
        assertTrue(usersEntry.startsWith("-rw------- "), usersEntry);
    }

    @Test
    void theFirstAdminPasswordWrittenInClearIsStoredAsItsDigestAndWorks() throws Exception {
        Path users = winback.home.resolve("etc/users.properties");
        String content = Files.readString(users, StandardCharsets.UTF_8);
        assertFalse(content.contains(FIRST_ADMIN_PASSWORD), "still in clear text:\n" + content);
        String admin = content.lines().filter(l -> l.startsWith("admin =")).findFirst().orElseThrow();
        assertTrue(DIGEST.matcher(admin).find(), admin);
        assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(users),
                "rewritten by Karaf: " + PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));

        assertEquals(200, winback.status("GET", "/api/v1/health/details", "admin:" + FIRST_ADMIN_PASSWORD));
        assertEquals(401, winback.status("GET", "/api/v1/health/details", "admin:admin"));
        assertEquals(200, winback.status("GET", "/api/v1/customers", MANAGER));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Listeners and banner

    @Test
    void everyListenerIsOnTheLoopbackInterface() throws Exception {
        Process ss;
        try {
            ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no ss on this machine");
            return;
        }
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ss.waitFor(30, TimeUnit.SECONDS));
        String pid = "pid=" + winback.karafPid() + ",";
        List<String> local = new ArrayList<>();
        for (String line : out.lines().filter(l -> l.contains(pid)).collect(Collectors.toList())) {
            local.add(line.trim().split("\\s+")[3]);
        }
        for (int port : new int[] {winback.httpPort, winback.sshPort, winback.rmiRegistryPort, winback.rmiServerPort}) {
            assertTrue(local.stream().anyMatch(a -> a.endsWith(":" + port)), port + " not among " + local);
        }
        for (String address : local) {
            assertTrue(address.startsWith("127.0.0.1:") || address.startsWith("[::ffff:127.0.0.1]:"),
                    "listens beyond the loopback interface: " + address + " (all: " + local + ")");
        }
    }

    @Test
    void noAnswerNamesTheServer() throws Exception {
        for (String path : List.of("/api/v1/health", "/no-such-page", "/api/v1/customers")) {
            HttpResponse<String> answer = winback.get(path);
            assertTrue(answer.headers().firstValue("Server").isEmpty(), path + ": " + answer.headers().map());
            assertTrue(answer.headers().firstValue("X-Powered-By").isEmpty(), path + ": " + answer.headers().map());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Stalled and dripping requests

    @Test
    void aBodyThatNeverStartsIsAnsweredWith408AfterTheIdleTimeout() throws Exception {
        long mark = logSize();
        try (RawHttp client = new RawHttp(winback.httpPort)) {
            assertTrue(client.send(RawHttp.postHead("/api/v1/customers", MANAGER, "application/json", CUSTOMER.length)));
            assertTrue(client.awaitClose(IDLE.multipliedBy(5)), "still open after " + client.sinceOpened());
            assertEquals(408, client.status(), client.answer());
            assertTrue(client.sinceOpened().compareTo(IDLE.minusMillis(500)) >= 0, "cut off early: " + client.sinceOpened());
            assertProblem(client.answer());
        }
        assertLogQuietSince(mark, 1);
    }

    @Test
    void aBodyThatStopsHalfwayIsAnsweredWith408() throws Exception {
        long mark = logSize();
        try (RawHttp client = new RawHttp(winback.httpPort)) {
            assertTrue(client.send(RawHttp.postHead("/api/v1/customers", MANAGER, "application/json", CUSTOMER.length)));
            assertTrue(client.send(java.util.Arrays.copyOf(CUSTOMER, 20)));
            assertTrue(client.awaitClose(IDLE.multipliedBy(5)), "still open after " + client.sinceOpened());
            assertEquals(408, client.status(), client.answer());
            assertProblem(client.answer());
        }
        assertLogQuietSince(mark, 1);
    }

    @Test
    void aBodyDrippingAByteEveryTwoSecondsIsCutOffWith408() throws Exception {
        long mark = logSize();
        drip("/api/v1/customers", "application/json", CUSTOMER);
        assertLogQuietSince(mark, 1);
    }

    @Test
    void aDrippingImportIsCutOffWith408() throws Exception {
        long mark = logSize();
        byte[] csv = "customer,date,amount\nC-1,2026-01-02,10.00\nC-2,2026-01-03,12.50\n".getBytes(StandardCharsets.UTF_8);
        drip("/api/v1/imports/transactions?source=drip", "text/csv", csv);
        assertLogQuietSince(mark, 1);
    }

    @Test
    void headersThatStopAreClosedWithoutAnError() throws Exception {
        long mark = logSize();
        try (RawHttp client = new RawHttp(winback.httpPort)) {
            assertTrue(client.send("POST /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl"));
            assertTrue(client.awaitClose(IDLE.multipliedBy(5)), "still open after " + client.sinceOpened());
            int status = client.status();
            assertTrue(status == 0 || (status >= 400 && status < 500), client.answer());
        }
        assertLogQuietSince(mark, 0);
    }

    /** Sends the head at once and then the body a byte every two seconds: 408 long before the body is complete. */
    private void drip(String path, String contentType, byte[] body) throws Exception {
        try (RawHttp client = new RawHttp(winback.httpPort)) {
            assertTrue(client.send(RawHttp.postHead(path, MANAGER, contentType, body.length)));
            int sent = 0;
            while (sent < body.length && !client.poll(Duration.ofSeconds(2))) {
                if (!client.send(new byte[] {body[sent]})) {
                    break;
                }
                sent++;
            }
            assertTrue(client.awaitClose(IDLE.multipliedBy(5)), "still open after " + client.sinceOpened());
            assertTrue(sent < body.length / 2, "the server waited for " + sent + " of " + body.length + " bytes");
            assertEquals(408, client.status(), client.answer());
            assertProblem(client.answer());
        }
    }

    private static void assertProblem(String answer) {
        assertTrue(answer.contains("Content-Type: application/problem+json"), answer);
        assertTrue(answer.contains("\"status\":408"), answer);
        assertFalse(answer.contains("Server:"), answer);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The log

    private long logSize() throws IOException {
        return Files.size(winback.log());
    }

    /**
     * What Jetty's request threads (qtp...) logged since {@code mark} holds no stack trace and no ERROR, and
     * there are {@code cutOffs} lines saying a request body was not read. (Other threads are left out: a module that
     * finishes starting late is none of these requests' doing.)
     */
    private void assertLogQuietSince(long mark, int cutOffs) throws Exception {
        Thread.sleep(1000);
        String text = winback.logText();
        String since = text.length() > mark ? text.substring((int) mark) : "";
        boolean requestThread = false;
        List<String> noisy = new ArrayList<>();
        for (String line : since.lines().collect(Collectors.toList())) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.contains(" | ")) {
                requestThread = line.contains("| qtp");
                if (requestThread && line.contains("| ERROR |")) {
                    noisy.add(line);
                }
            } else if (requestThread && !line.isBlank()) {
                noisy.add(line); // a stack trace or a message continued below a request thread's line
            }
        }
        assertEquals(List.of(), noisy, "karaf.log since the request:\n" + since);
        Matcher notRead = Pattern.compile("Request body of \\S+ not read: 408").matcher(since);
        int found = 0;
        while (notRead.find()) {
            found++;
        }
        assertEquals(cutOffs, found, "karaf.log since the request:\n" + since);
    }

    /** Waits until karaf.log has not grown for three seconds: the boot's late messages are not the test's. */
    private void awaitQuietLog() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long size = -1;
        int quiet = 0;
        while (quiet < 6 && System.nanoTime() < deadline) {
            long now = logSize();
            quiet = now == size ? quiet + 1 : 0;
            size = now;
            Thread.sleep(500);
        }
        assertEquals(200, winback.status("GET", "/api/v1/customers", MANAGER));
    }
}
