package dev.winback.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.HandlerCollection;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Jetty 9.4 (the one pax-web 8 runs) with the installer ahead of a servlet context, as pax-web places it, and
 * raw HTTP over a socket, since a well-behaved client would not send what these tests send.
 */
class ProblemErrorInstallerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Server server;
    private static int port;
    private static ProblemErrorInstaller installer;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler api = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        api.setContextPath("/api");
        api.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if (req.getPathInfo() != null && req.getPathInfo().startsWith("/fail")) {
                    throw new IllegalStateException("secret internals: password=hunter2");
                }
                if (req.getPathInfo() != null && req.getPathInfo().startsWith("/gone")) {
                    resp.sendError(410, "see elsewhere");
                    return;
                }
                resp.setContentType("application/json");
                resp.getWriter().write("{\"ok\":true}");
            }
        }), "/*");
        installer = new ProblemErrorInstaller();
        // as pax-web applies a customizer service: to the HTTP configuration of its connectors
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().addCustomizer(installer);
        HandlerCollection handlers = new HandlerCollection();
        handlers.setHandlers(new org.eclipse.jetty.server.Handler[] {api});
        server.setHandler(handlers);
        server.start();
        port = connector.getLocalPort();
        // Jetty's own error pages until a first request has passed the customizer
        assertFalse(send("GET /api/ok?q=" + "b".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").headers
                .getOrDefault("content-type", "").startsWith("application/problem+json"));
        assertEquals(200, send("GET /api/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void anOrdinaryAnswerIsLeftAloneButCarriesNosniff() throws IOException {
        Answer answer = send("GET /api/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, answer.status);
        assertEquals("{\"ok\":true}", answer.body);
        assertEquals("nosniff", answer.headers.get("x-content-type-options"));
    }

    @Test
    void headersTooLargeAre431ProblemJson() throws IOException {
        String big = "a".repeat(20_000);
        Answer answer = send("GET /api/ok HTTP/1.1\r\nHost: x\r\nCookie: c=" + big + "\r\nConnection: close\r\n\r\n");
        JsonNode problem = answer.problem(431);
        assertTrue(problem.path("detail").asText().contains("headers are larger"), problem.toString());
    }

    @Test
    void aUriTooLongIs414ProblemJson() throws IOException {
        Answer answer = send("GET /api/ok?q=" + "b".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        JsonNode problem = answer.problem(414);
        assertTrue(problem.path("detail").asText().contains("URI is longer"), problem.toString());
    }

    @Test
    void pathsJettyFindsAmbiguousAre400ProblemJson() throws IOException {
        for (String path : new String[] {"/api/x/..;/y", "/api/%2e%2e;/x"}) {
            Answer answer = send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            JsonNode problem = answer.problem(400);
            assertTrue(problem.path("detail").asText().toLowerCase(Locale.ROOT).contains("ambiguous"),
                    path + ": " + problem);
        }
        // an encoded dot-dot that leaves every context is resolved, not served: a 404 like any unknown path
        send("GET /api/%2e%2e/secret HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").problem(404);
    }

    @Test
    void badCharactersInTheRequestAre400ProblemJson() throws IOException {
        Answer control = send("GET /api/ok HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n");
        control.problem(400);
        Answer garbage = send("\u0000\u0001\u0002 nonsense\r\n\r\n");
        garbage.problem(400);
        Answer version = send("GET /api/ok HTTP/7.3\r\nHost: x\r\n\r\n");
        version.problem(505);
    }

    @Test
    void anUnknownCharsetIs415ProblemJsonEvenWithoutABody() throws IOException {
        for (String charset : new String[] {"nonsense", "\"\"", "utf-9", "x<y"}) {
            Answer answer = send("GET /api/ok HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset="
                    + charset + "\r\nConnection: close\r\n\r\n");
            JsonNode problem = answer.problem(415);
            assertTrue(problem.path("detail").asText().contains("UTF-8"), charset + ": " + problem);
        }
        assertEquals(200, send("GET /api/ok HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; "
                + "charset=ISO-8859-1\r\nConnection: close\r\n\r\n").status);
    }

    @Test
    void pathsOutsideEveryContextAre404ProblemJson() throws IOException {
        Answer answer = send("GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        JsonNode problem = answer.problem(404);
        assertEquals("/nowhere", problem.path("instance").asText());
        assertTrue(problem.path("detail").asText().contains("/api/v1"), problem.toString());
    }

    @Test
    void aServletsErrorIsProblemJsonAndA500NamesNoInternals() throws IOException {
        JsonNode gone = send("GET /api/gone HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").problem(410);
        assertEquals("see elsewhere", gone.path("detail").asText());
        Answer failed = send("GET /api/fail HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        JsonNode problem = failed.problem(500);
        assertFalse(failed.body.contains("hunter2"), failed.body);
        assertFalse(failed.body.contains("IllegalStateException"), failed.body);
        assertTrue(problem.path("detail").asText().contains("log"), problem.toString());
    }

    @Test
    void aPutOrDeleteErrorIsProblemJsonToo() throws IOException {
        Answer answer = send("DELETE /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        answer.problem(404);
    }

    @Test
    void uninstallingGivesJettyItsOwnHandlersBack() throws Exception {
        // as pax-web does when the service goes: the customizer leaves the connectors, then it is deactivated
        var config = ((ServerConnector) server.getConnectors()[0]).getConnectionFactory(HttpConnectionFactory.class)
                .getHttpConfiguration();
        config.getCustomizers().remove(installer);
        installer.uninstall();
        try {
            Answer answer = send("GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(404, answer.status);
            assertFalse(answer.headers.getOrDefault("content-type", "").startsWith("application/problem+json"),
                    answer.toString());
        } finally {
            config.addCustomizer(installer);
            ProblemErrorInstaller.install(server);
        }
    }

    @Test
    void reasonsQuotingTheRequestAreCutAndMadePrintable() {
        String detail = JettyProblem.detail(400, "Illegal character \u0001 in " + "z".repeat(500));
        assertFalse(detail.contains("\u0001"));
        assertTrue(detail.length() < 400, detail);
    }

    private static Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    all.write(buffer, 0, n);
                    if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (java.net.SocketException reset) {
                // Jetty may reset the connection after answering a request it refused to read
            }
            return Answer.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    private static boolean complete(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : raw.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return raw.length() - end - 4 >= length;
            }
        }
        return false;
    }

    private static final class Answer {
        int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        String body = "";

        static Answer parse(String raw) {
            Answer answer = new Answer();
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            answer.body = end < 0 ? "" : raw.substring(end + 4);
            String[] lines = head.split("\r\n");
            answer.status = Integer.parseInt(lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                answer.headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return answer;
        }

        JsonNode problem(int expected) throws IOException {
            assertEquals(expected, status, toString());
            assertEquals("application/problem+json;charset=utf-8", headers.get("content-type"), toString());
            assertEquals("nosniff", headers.get("x-content-type-options"), toString());
            JsonNode problem = JSON.readTree(body);
            assertEquals(expected, problem.path("status").asInt(), body);
            assertEquals("urn:winback:problem:http-" + expected, problem.path("type").asText(), body);
            assertFalse(problem.path("title").asText().isEmpty(), body);
            return problem;
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }
}
