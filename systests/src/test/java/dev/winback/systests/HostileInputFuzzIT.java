package dev.winback.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against every operation of the served OpenAPI document: wrong types, deep nesting, huge numbers, NUL
 * bytes, invalid UTF-8, duplicate keys, unknown fields, hostile path and query values, huge pages, odd headers. The
 * answer is always a 2xx or a 4xx problem+json, never a 5xx, and always within the client's timeout (a hang fails).
 * The number of tries is {@code jqwik.tries.default} (a few thousand in CI; {@code -Dfuzz.tries=100000} on demand).
 */
class HostileInputFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes());
    private static final String REP = "Basic " + Base64.getEncoder().encodeToString("rep1:rep1".getBytes());
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private static Distribution winback;
    private static List<Operation> operations;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One documented operation: method, path template, query parameters, and the JSON schema of its body. */
    record Operation(String method, String path, List<String> pathParameters, Map<String, String> queryParameters,
            JsonNode bodySchema, String bodyType) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A request as sent; its toString is what a failing try shows (after shrinking). */
    record Hostile(Operation operation, String caller, String path, String query, Map<String, String> headers,
            byte[] body, String bodyNote) {
        @Override
        public String toString() {
            String shownBody = body == null ? "none" : body.length > 300 ? bodyNote + " (" + body.length + " bytes)"
                    : new String(body, StandardCharsets.UTF_8).replace("\u0000", "\\u0000") + " [" + bodyNote + "]";
            return operation.method + " " + path + (query.isEmpty() ? "" : "?" + abbreviate(query)) + " as " + caller
                    + " headers " + headers + " body " + shownBody;
        }
    }

    @BeforeContainer
    static void startWinback() throws Exception {
        winback = Distribution.freshCopy("fuzz");
        // every try signs in; a throttled address would answer 429 to the rest of the run
        java.nio.file.Files.writeString(winback.home.resolve("etc/dev.winback.rest.auth.cfg"),
                "maxFailedLogins = 100000000\n");
        // the first admin password, as the README tells an admin to set it (Karaf stores its digest at start)
        java.nio.file.Path users = winback.home.resolve("etc/users.properties");
        java.nio.file.Files.writeString(users, java.nio.file.Files.readString(users).replaceFirst(
                "(?m)^admin = \\{CRYPT\\}[0-9A-Fa-f]+\\{CRYPT\\}", "admin = admin"));
        winback.start();
        if (winback.awaitHealth(Duration.ofSeconds(240)) == null) {
            fail("Winback did not answer health within 240 s; see " + winback.log());
        }
        JsonNode document = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = winback.get("/api/v1/openapi.json");
            if (answer.statusCode() == 200) {
                document = JSON.readTree(answer.body());
                if (document.path("paths").has("/reputation/summary") && document.path("paths").has("/bounties")
                        && document.path("paths").has("/imports/transactions")) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        assertTrue(document != null, "no OpenAPI document");
        // The JAX-RS runtime rebuilds its application as each module's resources arrive, answering CXF's HTML "No
        // service was found" meanwhile: wait until every module answers, and for a quiet moment after.
        for (String probe : List.of("/api/v1/customers", "/api/v1/imports", "/api/v1/bounties",
                "/api/v1/surveys/responses", "/api/v1/webhooks")) {
            long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (winback.status("GET", probe, "admin:admin") != 200 && System.nanoTime() < until) {
                Thread.sleep(500);
            }
        }
        Thread.sleep(3000);
        operations = operations(document);
        assertTrue(operations.size() > 80, "operations: " + operations);
    }

    @AfterContainer
    static void stopWinback() throws Exception {
        if (winback != null) {
            String log = winback.logText();
            winback.close();
            winback = null;
            assertTrue(!log.contains("OutOfMemoryError"), "the server ran out of memory");
        }
    }

    @Property
    void everyOperationAnswersHostileInputWithA4xxProblemNeverA5xx(@ForAll("hostileRequests") Hostile request)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + winback.httpPort
                + request.path + (request.query.isEmpty() ? "" : "?" + request.query))).timeout(ANSWER_WITHIN);
        request.headers.forEach(builder::header);
        builder.method(request.operation.method, request.body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body));
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException hang) {
            throw new AssertionError("no answer within " + ANSWER_WITHIN + ": " + request, hang);
        }
        int status = answer.statusCode();
        assertTrue(status < 500, () -> status + " " + answer.body() + "\nfor " + request);
        if (status >= 400) {
            String type = answer.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("application/problem+json"), () -> status + " as " + type + ": "
                    + abbreviate(answer.body()) + "\nfor " + request);
            JsonNode problem = JSON.readTree(answer.body());
            assertEquals(status, problem.path("status").asInt(), () -> answer.body() + "\nfor " + request);
            assertTrue(!problem.path("detail").asText().contains("\tat "), () -> "a stack trace: " + answer.body());
        }
    }

    @Provide
    Arbitrary<Hostile> hostileRequests() {
        Arbitrary<Operation> operation = Arbitraries.of(operations);
        Arbitrary<String> caller = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(8, "admin"), net.jqwik.api.Tuple.of(1, "rep1"),
                net.jqwik.api.Tuple.of(1, "nobody"));
        Arbitrary<List<String>> pathValues = pathValue().list().ofSize(4);
        Arbitrary<List<String>> queryValues = queryValue().list().ofSize(12);
        Arbitrary<Integer> queryShape = Arbitraries.integers().between(0, 5);
        Arbitrary<Map<String, String>> headers = extraHeaders();
        Arbitrary<Long> bodySeed = Arbitraries.longs();
        Arbitrary<Integer> bodyKind = Arbitraries.integers().between(0, BodyKinds.COUNT - 1);
        return Combinators.combine(operation, caller, pathValues, queryValues, queryShape, headers, bodySeed, bodyKind)
                .as(HostileInputFuzzIT::assemble);
    }

    private static Hostile assemble(Operation op, String caller, List<String> pathValues, List<String> queryValues,
            int queryShape, Map<String, String> extra, long bodySeed, int bodyKind) {
        String path = "/api/v1" + op.path;
        Iterator<String> values = pathValues.iterator();
        for (String name : op.pathParameters) {
            path = path.replace("{" + name + "}", values.next());
        }
        List<String> pairs = new ArrayList<>();
        Iterator<String> qv = queryValues.iterator();
        int i = 0;
        for (String name : op.queryParameters.keySet()) {
            // shape 0: none; 1: every one hostile; 2-3: some; 4: repeated; 5: an unknown one too
            if (queryShape == 0 || (queryShape >= 2 && queryShape <= 3 && (i++ % queryShape) != 0)) {
                continue;
            }
            String value = qv.hasNext() ? qv.next() : "x";
            pairs.add(name + "=" + value);
            if (queryShape == 4) {
                pairs.add(name + "=" + value);
            }
        }
        if (queryShape == 5) {
            pairs.add("no_such_parameter=" + (qv.hasNext() ? qv.next() : "1"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (caller.equals("admin")) {
            headers.put("Authorization", ADMIN);
        } else if (caller.equals("rep1")) {
            headers.put("Authorization", REP);
        }
        byte[] body = null;
        String note = "no body";
        if (op.method.equals("POST") || op.method.equals("PUT") || op.method.equals("PATCH")) {
            BodyKinds.Body b = BodyKinds.make(bodyKind, bodySeed, op.bodySchema);
            body = b.bytes();
            note = b.note();
            headers.put("Content-Type", op.bodyType == null ? "application/json" : op.bodyType);
            if (op.method.equals("PUT") || op.method.equals("PATCH")) {
                headers.put("If-Match", "\"1\"");
            }
        }
        headers.putAll(extra);
        return new Hostile(op, caller, path, String.join("&", pairs), headers, body, note);
    }

    /** Values for path variables, already fit for a URI (percent-encoded where they must be). */
    private static Arbitrary<String> pathValue() {
        return Arbitraries.oneOf(
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()),
                Arbitraries.of("0", "-1", "99999999999999999999999", "1e309", "null", "undefined", "%00", "%ff%fe",
                        "%C3%28", "..", ".", "%2e%2e", "a%2Fb", "%20", "'%20OR%201=1--", "%24%7Bjndi:ldap://x/a%7D",
                        "%F0%9D%84%9E", "rep1", "price", "crm", "2026-11", "%E2%80%AE"),
                Arbitraries.strings().alpha().numeric().withChars("-_.~").ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(30).map(HostileInputFuzzIT::encoded),
                Arbitraries.integers().between(100, 3000).map("a"::repeat));
    }

    /** Values for query parameters, percent-encoded. */
    private static Arbitrary<String> queryValue() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
                        "1e309", "NaN", "1.5", "true", "OPEN", "LAPSED", "price", "rep1", "2026-11-30",
                        "2026-13-45", "2026-11-30T25:61:00Z", "0000-00-00", "%00", "%ff", "%C3%28", "%27", "%22",
                        "%3Cscript%3E", "%E2%80%AE", "x%0D%0ASet-Cookie:%20a=b"),
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(60).map(HostileInputFuzzIT::encoded),
                Arbitraries.integers().between(100, 5000).map(n -> "z".repeat(n)));
    }

    private static Arbitrary<Map<String, String>> extraHeaders() {
        Arbitrary<String> ifMatch = Arbitraries.of("*", "\"1\"", "W/\"1\"", "1", "\"-5\"", "\"99999999999999999999\"",
                "\"\"", "\"a\", \"b\"", "garbage");
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json; charset=utf-8",
                "application/json; charset=latin1", "application/json; charset=nonsense", "application/xml",
                "text/csv", "application/x-ndjson", "application/gzip", "application/merge-patch+json",
                "application/octet-stream", "*/*", "application/json;;;", "nonsense");
        Arbitrary<String> accept = Arbitraries.of("*/*", "application/json", "text/html", "application/xml",
                "text/csv", "application/json;q=abc", "nonsense/", "image/png");
        Arbitrary<String> key = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(300);
        return Combinators.combine(Arbitraries.integers().between(0, 7), ifMatch, contentType, accept, key)
                .as((which, im, ct, ac, k) -> {
                    Map<String, String> h = new LinkedHashMap<>();
                    switch (which) {
                        case 1 -> h.put("If-Match", im);
                        case 2 -> h.put("Content-Type", ct);
                        case 3 -> h.put("Accept", ac);
                        case 4 -> h.put("Idempotency-Key", k);
                        case 5 -> h.put("Authorization", "Basic " + k);
                        case 6 -> h.put("Origin", "https://evil.example");
                        case 7 -> {
                            h.put("If-Match", im);
                            h.put("Accept", ac);
                        }
                        default -> { }
                    }
                    return h;
                });
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    /** The operations of the document, with each body's schema resolved against its components. */
    private static List<Operation> operations(JsonNode document) {
        List<Operation> out = new ArrayList<>();
        JsonNode components = document.path("components");
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<String> pathParameters = new ArrayList<>();
                Map<String, String> queryParameters = new LinkedHashMap<>();
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                op.getValue().path("parameters").forEach(parameters::add);
                for (JsonNode p : parameters) {
                    JsonNode parameter = Schemas.resolve(components, p);
                    String in = parameter.path("in").asText();
                    if (in.equals("path")) {
                        pathParameters.add(parameter.path("name").asText());
                    } else if (in.equals("query")) {
                        queryParameters.put(parameter.path("name").asText(),
                                Schemas.resolve(components, parameter.path("schema")).path("type").asText("string"));
                    }
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                while (m.find()) {
                    if (!pathParameters.contains(m.group(1))) {
                        pathParameters.add(m.group(1));
                    }
                }
                JsonNode content = op.getValue().path("requestBody").path("content");
                String bodyType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                JsonNode schema = bodyType == null ? null
                        : Schemas.inline(components, content.path(bodyType).path("schema"), 0);
                out.add(new Operation(method, path.getKey(), pathParameters, queryParameters, schema, bodyType));
            }
        }
        return out;
    }

    /** Reads a whole stream; kept here as the bodies are built in memory. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
