package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What Jetty answers before Winback sees the request, in the real distribution: every such error is problem+json,
 * and none leaves a stack trace in the log. Raw HTTP over a socket, since no decent client sends these requests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JettyErrorsIT extends WinbackTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void everyErrorJettyRaisesItselfIsProblemJsonWithoutAStackTraceInTheLog() throws IOException {
        long logBefore = logLength();
        String auth = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                "manager:manager".getBytes(StandardCharsets.UTF_8)) + "\r\n";

        Raw headers = send("GET /api/v1/customers HTTP/1.1\r\nHost: x\r\n" + auth + "Cookie: c="
                + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertTrue(headers.problem(431).path("detail").asText().contains("headers are larger"));

        Raw uri = send("GET /api/v1/customers?q=" + "b".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n" + auth
                + "Connection: close\r\n\r\n");
        assertTrue(uri.problem(414).path("detail").asText().contains("URI is longer"));

        for (String path : new String[] {"/api/v1/customers/..;/loss-reasons", "/api/v1/%2e%2e;/health"}) {
            Raw ambiguous = send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
            assertTrue(path, ambiguous.problem(400).path("detail").asText().contains("ambiguous"));
        }

        send("GET /api/v1/customers HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n" + auth
                + "Connection: close\r\n\r\n").problem(400);
        send("\u0000\u0001 nonsense\r\n\r\n").problem(400);
        send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n")
                .problem(400);
        send("POST /api/v1/customers HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 1\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n").problem(400);

        JsonNode outside = send("GET /wp-admin/setup.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .problem(404);
        assertEquals("/wp-admin/setup.php", outside.path("instance").asText());
        send("DELETE /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").problem(404);

        String log = logSince(logBefore);
        assertFalse("no stack trace for a refused request:\n" + log, log.contains("\tat org.eclipse.jetty"));
        assertFalse("no stack trace for a refused request:\n" + log, log.contains("Exception:"));
    }

    private static Path karafLog() {
        return Paths.get(System.getProperty("karaf.log"), "karaf.log");
    }

    private static long logLength() throws IOException {
        return Files.exists(karafLog()) ? Files.size(karafLog()) : 0;
    }

    private static String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(karafLog());
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    private Raw send(String request) throws IOException {
        try (Socket socket = new Socket(baseUri().getHost(), baseUri().getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    all.write(buffer, 0, n);
                    if (Raw.complete(all.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketException reset) {
                // Jetty may reset a connection whose request it refused to read to the end
            }
            return Raw.parse(request, all.toString(StandardCharsets.UTF_8));
        }
    }

    private static final class Raw {
        String request;
        int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        String body = "";

        static boolean complete(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            for (String line : raw.substring(0, end).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return raw.length() - end - 4 >= Integer.parseInt(line.substring(15).trim());
                }
            }
            return false;
        }

        static Raw parse(String request, String raw) {
            Raw answer = new Raw();
            answer.request = request.length() > 120 ? request.substring(0, 120) + "..." : request;
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            answer.body = end < 0 ? "" : raw.substring(end + 4);
            String[] lines = head.split("\r\n");
            assertTrue("an answer to " + answer.request + ": " + raw, lines[0].startsWith("HTTP/1."));
            answer.status = Integer.parseInt(lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                answer.headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return answer;
        }

        JsonNode problem(int expected) throws IOException {
            assertEquals(toString(), expected, status);
            assertTrue(toString(), headers.getOrDefault("content-type", "").startsWith("application/problem+json"));
            assertEquals(toString(), "nosniff", headers.get("x-content-type-options"));
            JsonNode problem = JSON.readTree(body);
            assertEquals(body, expected, problem.path("status").asInt());
            assertFalse(body, problem.path("detail").asText().isEmpty());
            return problem;
        }

        @Override
        public String toString() {
            return request.replace("\r\n", "\\r\\n") + " -> " + status + " " + headers + " " + body;
        }
    }
}
