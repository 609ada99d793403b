package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Customers over HTTP, and the error behaviour every endpoint shares: authentication, problem+json for bad input,
 * the body limit, unknown paths. Each test works on customers of its own (a unique source), so tests sharing the
 * container do not see each other's data.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CustomersApiIT extends WinbackTestSupport {
    /** A user the realm knows who holds no Winback role. */
    private static final User OUTSIDER = new User("outsider", "outsider");

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFilePut("etc/users.properties", OUTSIDER.name(), "outsider,viewer")};
    }

    private static String uniqueSource() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ObjectNode customer(String source, String externalId, String name) {
        return json().put("externalId", externalId).put("source", source).put("name", name);
    }

    private long count(String source) {
        return get("/api/v1/customers?source=" + source, MANAGER).assertStatus(200).json().path("total").asLong();
    }

    private static JsonNode assertProblem(ApiResponse response, int status) {
        response.assertStatus(status);
        assertTrue(response.toString(), response.header("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        JsonNode problem = response.json();
        assertEquals(response.toString(), status, problem.path("status").asInt());
        assertFalse(response.toString(), problem.path("title").asText().isEmpty());
        assertFalse(response.toString(), problem.path("detail").asText().isEmpty());
        assertFalse("no stack trace: " + response, response.body().contains("\tat ")
                || response.body().contains("Exception"));
        return problem;
    }

    private static List<String> errorFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    @Test
    public void createReadAndUpdateWithOptimisticLocking() {
        String source = uniqueSource();
        ObjectNode body = customer(source, "C-1", "Acme Ltd").put("segment", "enterprise").put("ownerRep", "rep1")
                .put("lifetimeValue", 125000.50).put("currency", "eur");
        ApiResponse created = post("/api/v1/customers", MANAGER, body).assertStatus(201);
        JsonNode acme = created.json();
        String id = acme.path("id").asText();
        assertTrue(created.toString(), created.header("Location").orElse("").endsWith("/api/v1/customers/" + id));
        assertEquals("\"1\"", created.header("ETag").orElse(""));
        assertEquals("EUR", acme.path("currency").asText());
        assertEquals(125000.50, acme.path("lifetimeValue").asDouble(), 0.001);
        assertTrue(acme.path("createdAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));

        ApiResponse read = get("/api/v1/customers/" + id, REP1).assertStatus(200);
        assertEquals("Acme Ltd", read.json().path("name").asText());
        assertEquals("\"1\"", read.header("ETag").orElse(""));

        // A client may PUT back what it got, server-assigned fields included.
        ObjectNode change = (ObjectNode) read.json();
        change.put("name", "Acme Limited");
        ApiResponse updated = request("PUT", "/api/v1/customers/" + id, MANAGER, change, Map.of("If-Match", "\"1\""))
                .assertStatus(200);
        assertEquals("\"2\"", updated.header("ETag").orElse(""));
        assertEquals(2, updated.json().path("version").asInt());

        change.put("name", "Stale write");
        JsonNode stale = assertProblem(request("PUT", "/api/v1/customers/" + id, REP1, change,
                Map.of("If-Match", "\"1\"")), 412);
        assertTrue(stale.toString(), stale.path("detail").asText().contains("2"));
        assertEquals("Acme Limited", get("/api/v1/customers/" + id, MANAGER).json().path("name").asText());
    }

    @Test
    public void duplicateExternalIdInTheSameSourceIsAConflict() {
        String source = uniqueSource();
        post("/api/v1/customers", MANAGER, customer(source, "DUP-1", "First")).assertStatus(201);
        JsonNode problem = assertProblem(post("/api/v1/customers", MANAGER, customer(source, "DUP-1", "Second")), 409);
        assertTrue(problem.toString(), problem.path("detail").asText().contains("DUP-1"));
        assertEquals(1, count(source));
        post("/api/v1/customers", MANAGER, customer(uniqueSource(), "DUP-1", "Elsewhere")).assertStatus(201);

        // An update may not take another customer's key either.
        String otherId = post("/api/v1/customers", MANAGER, customer(source, "DUP-2", "Third")).assertStatus(201)
                .json().path("id").asText();
        assertProblem(putCurrent("/api/v1/customers/" + otherId, MANAGER, customer(source, "DUP-1", "Third")), 409);
        assertEquals("DUP-2", get("/api/v1/customers/" + otherId, MANAGER).json().path("externalId").asText());
    }

    @Test
    public void listSearchesFiltersAndPages() {
        String source = uniqueSource();
        String tag = "Zq" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 1; i <= 5; i++) {
            post("/api/v1/customers", MANAGER, customer(source, "L-" + i, tag + " Customer " + i)
                    .put("ownerRep", i % 2 == 0 ? "rep2" : "rep1")).assertStatus(201);
        }
        post("/api/v1/customers", MANAGER, customer(source, "L-6", "Unrelated").put("segment", tag.toLowerCase()))
                .assertStatus(201);

        JsonNode byText = get("/api/v1/customers?q=" + tag.toUpperCase(), MANAGER).assertStatus(200).json();
        assertEquals(byText.toString(), 6, byText.path("total").asInt());

        JsonNode first = get("/api/v1/customers?source=" + source + "&size=4&page=0", MANAGER).json();
        assertEquals(6, first.path("total").asInt());
        assertEquals(4, first.path("items").size());
        JsonNode second = get("/api/v1/customers?source=" + source + "&size=4&page=1", MANAGER).json();
        assertEquals(2, second.path("items").size());
        assertEquals(1, second.path("page").asInt());
        List<String> names = new ArrayList<>();
        first.path("items").forEach(c -> names.add(c.path("name").asText()));
        second.path("items").forEach(c -> names.add(c.path("name").asText()));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals("ordered by name across pages", sorted, names);

        JsonNode ofRep2 = get("/api/v1/customers?source=" + source + "&ownerRep=rep2", MANAGER).json();
        assertEquals(2, ofRep2.path("total").asInt());
        ofRep2.path("items").forEach(c -> assertEquals("rep2", c.path("ownerRep").asText()));

        assertEquals(0, get("/api/v1/customers?source=" + source + "&q=nomatch", MANAGER).json().path("total").asInt());
    }

    @Test
    public void badBodiesAreRejectedNamingTheFieldAndWriteNothing() {
        String source = uniqueSource();
        JsonNode malformed = assertProblem(post("/api/v1/customers", MANAGER,
                "{\"externalId\":\"B-1\",\"source\":\"" + source + "\",\"name\":\"x\""), 400);
        assertTrue(malformed.toString(), malformed.path("detail").asText().startsWith("Malformed JSON"));

        JsonNode unknown = assertProblem(post("/api/v1/customers", MANAGER,
                customer(source, "B-2", "x").put("colour", "red")), 400);
        assertEquals(List.of("colour"), errorFields(unknown));

        JsonNode missing = assertProblem(post("/api/v1/customers", MANAGER, json().put("segment", "smb")), 400);
        assertEquals(List.of("externalId", "source", "name"), errorFields(missing));

        JsonNode wrongType = assertProblem(post("/api/v1/customers", MANAGER,
                customer(source, "B-3", "x").put("lifetimeValue", "a lot")), 400);
        assertEquals(List.of("lifetimeValue"), errorFields(wrongType));

        JsonNode number = assertProblem(post("/api/v1/customers", MANAGER,
                "{\"externalId\":\"B-4\",\"source\":\"" + source + "\",\"name\":42}"), 400);
        assertEquals(List.of("name"), errorFields(number));

        JsonNode currency = assertProblem(post("/api/v1/customers", MANAGER,
                customer(source, "B-5", "x").put("lifetimeValue", 10).put("currency", "XYZ1")), 400);
        assertEquals(List.of("currency"), errorFields(currency));

        assertProblem(post("/api/v1/customers", MANAGER, ""), 400);
        assertProblem(post("/api/v1/customers", MANAGER, "[]"), 400);
        assertEquals(0, count(source));
    }

    @Test
    public void bodiesOverOneMebibyteAre413WithOrWithoutContentLength() throws Exception {
        String source = uniqueSource();
        String big = customer(source, "BIG-1", "x".repeat(1024 * 1024)).toString();
        JsonNode declared = assertProblem(post("/api/v1/customers", MANAGER, big), 413);
        assertTrue(declared.toString(), declared.path("detail").asText().contains("1048576"));

        // Chunked: no Content-Length, so the limit must hold while the body is read.
        HttpRequest chunked = HttpRequest.newBuilder(baseUri().resolve("/api/v1/customers"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("manager:manager".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(chunked,
                HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 413, response.statusCode());
        assertEquals(0, count(source));
    }

    @Test
    public void authenticationAndRoles() {
        ApiResponse anonymous = get("/api/v1/customers");
        assertProblem(anonymous, 401);
        assertTrue(anonymous.header("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertProblem(get("/api/v1/customers", new User("manager", "wrong")), 401);
        assertProblem(get("/api/v1/customers", new User("nobody", "nobody")), 401);
        assertProblem(post("/api/v1/customers", null, customer(uniqueSource(), "A-1", "x")), 401);
        JsonNode forbidden = assertProblem(get("/api/v1/customers", OUTSIDER), 403);
        assertTrue(forbidden.toString(), forbidden.path("detail").asText().contains("winback-rep"));
        get("/api/v1/health").assertStatus(200);
    }

    @Test
    public void unknownIdsAndPathsAre404() {
        assertProblem(get("/api/v1/customers/" + UUID.randomUUID(), MANAGER), 404);
        assertProblem(get("/api/v1/customers/not-a-uuid", MANAGER), 404);
        assertProblem(request("PUT", "/api/v1/customers/" + UUID.randomUUID(), MANAGER, customer("s", "e", "n"),
                Map.of("If-Match", "\"1\"")), 404);
        assertProblem(get("/api/v1/no-such-thing", MANAGER), 404);
    }

    @Test
    public void badParametersMethodsAndMediaTypesAreClientErrors() {
        assertEquals(List.of("size"), errorFields(assertProblem(get("/api/v1/customers?size=0", MANAGER), 400)));
        assertEquals(List.of("size"), errorFields(assertProblem(get("/api/v1/customers?size=500", MANAGER), 400)));
        assertEquals(List.of("page"), errorFields(assertProblem(get("/api/v1/customers?page=abc", MANAGER), 400)));
        assertProblem(request("DELETE", "/api/v1/customers", MANAGER, null, Map.of()), 405);
        assertProblem(request("POST", "/api/v1/customers", MANAGER, null, Map.of("Content-Type", "text/plain")), 415);
        assertEquals(List.of("If-Match"), errorFields(assertProblem(request("PUT",
                "/api/v1/customers/" + UUID.randomUUID(), MANAGER, customer("s", "e", "n"),
                Map.of("If-Match", "\"abc\"")), 400)));
        // a PUT replaces the whole customer: without the version read, it could undo someone else's change
        String id = post("/api/v1/customers", MANAGER, customer(uniqueSource(), "IFM-1", "Needs If-Match"))
                .assertStatus(201).json().path("id").asText();
        JsonNode required = assertProblem(put("/api/v1/customers/" + id, MANAGER, customer("s", "e", "n")), 428);
        assertTrue(required.toString(), required.path("detail").asText().contains("If-Match"));
        assertEquals("Needs If-Match", get("/api/v1/customers/" + id, MANAGER).json().path("name").asText());
    }

    @Test
    public void aRetriedPostWithTheSameIdempotencyKeyCreatesOnce() {
        String source = uniqueSource();
        String key = UUID.randomUUID().toString();
        ObjectNode body = customer(source, "I-1", "Retry Ltd");
        ApiResponse first = request("POST", "/api/v1/customers", MANAGER, body, Map.of("Idempotency-Key", key))
                .assertStatus(201);
        ApiResponse retry = request("POST", "/api/v1/customers", MANAGER, body, Map.of("Idempotency-Key", key))
                .assertStatus(201);
        assertEquals("true", retry.header("Idempotent-Replayed").orElse(""));
        assertEquals(first.json().path("id").asText(), retry.json().path("id").asText());
        assertEquals(first.header("Location"), retry.header("Location"));
        assertEquals(first.header("ETag"), retry.header("ETag"));
        assertEquals(1, count(source));

        JsonNode reused = assertProblem(request("POST", "/api/v1/customers", MANAGER,
                customer(source, "I-2", "Another Ltd"), Map.of("Idempotency-Key", key)), 422);
        assertTrue(reused.toString(), reused.path("detail").asText().contains("different request"));
        assertEquals(1, count(source));

        // Keys belong to a user: another user's identical key is a new request.
        request("POST", "/api/v1/customers", REP1, customer(source, "I-3", "Third Ltd"),
                Map.of("Idempotency-Key", key)).assertStatus(201);
        assertEquals(2, count(source));

        // A request that failed leaves the key free for the corrected retry.
        String second = UUID.randomUUID().toString();
        assertProblem(request("POST", "/api/v1/customers", MANAGER, json().put("source", source),
                Map.of("Idempotency-Key", second)), 400);
        request("POST", "/api/v1/customers", MANAGER, customer(source, "I-4", "Fourth Ltd"),
                Map.of("Idempotency-Key", second)).assertStatus(201);
        assertEquals(3, count(source));

        assertEquals(List.of("Idempotency-Key"), errorFields(assertProblem(request("POST", "/api/v1/customers",
                MANAGER, customer(source, "I-5", "x"), Map.of("Idempotency-Key", "has spaces")), 400)));
    }

    @Test
    public void openApiDocumentIsPublicAndDescribesTheApi() {
        JsonNode doc = get("/api/v1/openapi.json").assertStatus(200).json();
        assertTrue(doc.path("openapi").asText().startsWith("3."));
        for (String path : List.of("/health", "/customers", "/customers/{id}", "/loss-reasons",
                "/loss-reasons/{code}", "/cases", "/cases/{id}")) {
            assertTrue("documents " + path, doc.path("paths").has(path));
        }
    }
}
