package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * "You Said, We Did" over HTTP on the distribution: a manager records an improvement against a loss reason and a
 * documented why, publishes it, and sees whom it reached (the contact-blocked customer skipped, and told through the
 * event log only for the other one); a purchase shows as re-engagement; the public page and feeds answer without
 * credentials and show only what is published; reps, published improvements and bad input are refused with
 * problem+json. Each test uses a loss reason of its own, so they share the container without seeing each other.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImprovementsIT extends CaseWorkflowSupport {
    private static final Duration SERVED = Duration.ofSeconds(60);

    /** The module's resources join the application after it answers /health; wait for them once. */
    @Before
    public void awaitImprovementsServed() throws InterruptedException {
        await("the improvements resources", SERVED, () -> get("/api/v1/improvements?size=1", MANAGER).status() == 200
                && get("/api/v1/whys?size=1", MANAGER).status() == 200
                && get("/winback/you-said-we-did").status() == 200,
                () -> get("/api/v1/improvements?size=1", MANAGER) + " / " + get("/winback/you-said-we-did"));
    }

    /** A new loss reason, so that only this test's customers cite it. */
    private String lossReason() {
        String code = "it-" + UUID.randomUUID().toString().substring(0, 8);
        post("/api/v1/loss-reasons", ADMIN, json().put("code", code).put("label", "Billing " + code)
                .put("category", "BILLING").put("controllable", true)).assertStatus(201);
        return code;
    }

    private static ObjectNode improvement(String title, String reason) {
        ObjectNode body = json().put("title", title).put("customersSaid", "Our invoices were wrong three times")
                .put("weDid", "Every invoice is checked by a second person")
                .put("evidence", "Billing errors fell from 4% to 0.3%")
                .put("improvedOn", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
        body.putArray("lossReasons").add(reason);
        return body;
    }

    private JsonNode created(ObjectNode body) {
        ApiResponse answer = post("/api/v1/improvements", MANAGER, body).assertStatus(201);
        assertTrue(answer.toString(), answer.header("Location").orElse("").contains("/api/v1/improvements/"));
        assertEquals(answer.toString(), "\"1\"", etag(answer));
        return answer.json();
    }

    @Test
    public void aPublishedImprovementReachesTheCustomersWhoRaisedItAndTheirReEngagementShows() throws Exception {
        String reason = lossReason();
        String told = newCustomer(REP1, "Told Ltd");
        String blocked = newCustomer(REP1, "Blocked Ltd");
        JsonNode toldCase = openCase(MANAGER, told, "LOST_DEAL", reason, null);
        openCase(MANAGER, blocked, "LOST_DEAL", reason, null);
        post("/api/v1/customers/" + blocked + "/contact-block", MANAGER, json().put("reason", "Asked us to stop"))
                .assertStatus(200);
        JsonNode withWhy = recordWhy(toldCase);
        String whyId = id(withWhy.path("whys").path(withWhy.path("whys").size() - 1));

        JsonNode found = get("/api/v1/whys?lossReason=" + reason + "&q=THIRD%20WRONG", MANAGER).assertStatus(200)
                .json();
        assertEquals(found.toString(), 1, found.path("total").asInt());
        assertEquals(found.toString(), whyId, id(found.path("items").path(0)));

        ObjectNode body = improvement("Invoices checked twice " + reason, reason);
        body.putArray("whyIds").add(whyId);
        JsonNode draft = created(body);
        assertEquals("DRAFT", draft.path("status").asText());
        assertEquals(whyId, draft.path("whyIds").path(0).asText());
        assertProblem(post("/api/v1/improvements/" + id(draft) + "/publish", REP1, null), 403);

        long before = head();
        ApiResponse publishing = post("/api/v1/improvements/" + id(draft) + "/publish", MANAGER, null)
                .assertStatus(200);
        JsonNode published = publishing.json();
        assertEquals("PUBLISHED", published.path("status").asText());
        assertEquals("manager", published.path("publishedBy").asText());

        JsonNode notifications = get("/api/v1/improvements/" + id(draft) + "/notifications", MANAGER)
                .assertStatus(200).json();
        Map<String, JsonNode> byCustomer = new HashMap<>();
        notifications.path("items").forEach(n -> byCustomer.put(n.path("customerId").asText(), n));
        assertEquals(notifications.toString(), 2, notifications.path("total").asInt());
        assertEquals(notifications.toString(), "NOTIFIED", byCustomer.get(told).path("status").asText());
        assertEquals(notifications.toString(), id(toldCase), byCustomer.get(told).path("caseId").asText());
        assertEquals(notifications.toString(), "SKIPPED_CONTACT_BLOCK", byCustomer.get(blocked).path("status")
                .asText());
        assertTrue(notifications.toString(), byCustomer.get(told).path("reEngaged").isNull());
        assertEquals(notifications.toString(), 1, notifications.path("totals").path("notified").asInt());
        assertEquals(notifications.toString(), 1, notifications.path("totals").path("skipped").asInt());

        List<JsonNode> tellings = eventsAfter(before, "improvement.customer-notified");
        assertEquals(tellings.toString(), 1, tellings.size());
        assertEquals(tellings.toString(), id(draft) + "/" + told, tellings.get(0).path("entityId").asText());
        assertEquals(tellings.toString(), "improvement-notification", tellings.get(0).path("entityType").asText());
        String payload = tellings.get(0).path("payload").toString();
        assertTrue(payload, payload.contains(told) && payload.contains("/winback/you-said-we-did#improvement-"));
        assertFalse(payload, payload.contains(blocked) || payload.contains("Told Ltd"));
        List<JsonNode> announced = eventsAfter(before, "improvement.published");
        assertEquals(announced.toString(), 1, announced.size());
        assertEquals(announced.toString(), id(draft), announced.get(0).path("entityId").asText());

        // Purchases carry a day: one dated after the notification's day counts (the core accepts tomorrow's date,
        // for customers ahead of UTC).
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        recordPurchase(told, MANAGER, tomorrow, "120.00", null);
        JsonNode after = get("/api/v1/improvements/" + id(draft) + "/notifications?status=NOTIFIED", MANAGER)
                .assertStatus(200).json();
        JsonNode reEngaged = after.path("items").path(0).path("reEngaged");
        assertEquals(after.toString(), "PURCHASE", reEngaged.path("kind").asText());
        assertEquals(after.toString(), tomorrow + "T00:00:00Z", reEngaged.path("at").asText());
        assertEquals(after.toString(), 1, after.path("totals").path("reEngaged").asInt());
        assertEquals(after.toString(), 1.0, after.path("totals").path("rate").asDouble(), 0.0);

        ApiResponse stale = put("/api/v1/improvements/" + id(draft), MANAGER, improvement("Changed", reason));
        assertProblem(stale, 428);
        assertProblem(request("PUT", "/api/v1/improvements/" + id(draft), MANAGER, improvement("Changed", reason),
                Map.of("If-Match", etag(publishing))), 409);
        assertProblem(post("/api/v1/improvements/" + id(draft) + "/publish", MANAGER, null), 409);
        assertEquals(List.of("create", "update"), auditRows(id(draft)).stream().map(AuditRow::action).toList());

        // A correction is a new improvement naming the published one; both stay on record.
        JsonNode correction = created(improvement("Invoices checked twice (corrected) " + reason, reason)
                .put("corrects", id(draft)));
        post("/api/v1/improvements/" + id(correction) + "/publish", MANAGER, null).assertStatus(200);
        JsonNode original = get("/api/v1/improvements/" + id(draft), REP1).assertStatus(200).json();
        assertEquals(original.toString(), id(correction), original.path("correctedBy").path(0).asText());
        assertEquals(original.toString(), published.path("title").asText(), original.path("title").asText());

        Shell shell = run("winback:improvements --status PUBLISHED");
        assertTrue(shell.toString(), shell.out().contains(id(draft)));
    }

    @Test
    public void thePublicPageAndFeedsShowPublishedImprovementsWithoutCredentials() throws Exception {
        String reason = lossReason();
        String title = "Deliveries tracked <live> " + reason;
        JsonNode shown = created(improvement(title, reason));
        post("/api/v1/improvements/" + id(shown) + "/publish", MANAGER, null).assertStatus(200);
        String hidden = "Still a draft " + reason;
        created(improvement(hidden, reason));

        ApiResponse page = request("GET", "/winback/you-said-we-did", null, null, Map.of("Accept", "text/html"))
                .assertStatus(200);
        assertTrue(page.toString(), page.header("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body(), page.body().contains("Deliveries tracked &lt;live&gt; " + reason));
        assertTrue(page.body(), page.body().contains("<html lang=\"en\">"));
        assertFalse(page.body(), page.body().contains(hidden));

        ApiResponse atom = request("GET", "/winback/you-said-we-did.atom", null, null, Map.of("Accept", "*/*"))
                .assertStatus(200);
        assertTrue(atom.toString(), atom.header("Content-Type").orElse("").startsWith("application/atom+xml"));
        assertTrue(atom.body(), atom.body().contains("<id>urn:uuid:" + id(shown) + "</id>"));
        assertFalse(atom.body(), atom.body().contains(hidden));

        ApiResponse feed = request("GET", "/winback/you-said-we-did.json", null, null, Map.of("Accept", "*/*"))
                .assertStatus(200);
        assertTrue(feed.toString(), feed.header("Content-Type").orElse("").startsWith("application/feed+json"));
        assertTrue(feed.body(), feed.json().path("items").findValuesAsText("title").contains(title));
        assertFalse(feed.body(), feed.body().contains(hidden));

        ApiResponse again = request("GET", "/winback/you-said-we-did.json", null, null,
                Map.of("If-None-Match", feed.header("ETag").orElseThrow()));
        assertEquals(again.toString(), 304, again.status());
        ApiResponse posted = request("POST", "/winback/you-said-we-did", null, "{}", Map.of());
        assertEquals(posted.toString(), 405, posted.status());
        assertEquals(posted.toString(), "GET, HEAD", posted.header("Allow").orElse(""));

        assertEquals(1, get("/api/v1/improvements?lossReason=" + reason, REP1).assertStatus(200).json()
                .path("total").asInt());
        assertEquals(2, get("/api/v1/improvements?lossReason=" + reason, MANAGER).assertStatus(200).json()
                .path("total").asInt());
    }

    @Test
    public void badInputAndRepsAreRefusedWithProblemsAndNothingIsWritten() {
        String reason = lossReason();
        long before = countRows("SELECT COUNT(*) FROM improvements");
        JsonNode missing = assertProblem(post("/api/v1/improvements", MANAGER, json()), 400);
        assertTrue(missing.toString(), missing.path("errors").findValuesAsText("field").containsAll(List.of("title",
                "customersSaid", "weDid", "evidence", "improvedOn", "lossReasons")));
        ObjectNode future = improvement("Too early", reason).put("improvedOn", LocalDate.now(ZoneOffset.UTC)
                .plusDays(3).toString());
        assertEquals("improvedOn", field(assertProblem(post("/api/v1/improvements", MANAGER, future), 400)));
        ObjectNode longTitle = improvement("x".repeat(201), reason);
        assertEquals("title", field(assertProblem(post("/api/v1/improvements", MANAGER, longTitle), 400)));
        assertProblem(post("/api/v1/improvements", MANAGER, improvement("Unknown field", reason).put("colour",
                "red")), 400);
        assertEquals("lossReasons", field(assertProblem(post("/api/v1/improvements", MANAGER,
                improvement("No such reason", "no-such-" + reason)), 422)));
        ObjectNode noWhy = improvement("No such why", reason);
        noWhy.putArray("whyIds").add(UUID.randomUUID().toString());
        assertEquals("whyIds", field(assertProblem(post("/api/v1/improvements", MANAGER, noWhy), 422)));
        assertProblem(post("/api/v1/improvements", REP1, improvement("By a rep", reason)), 403);
        assertProblem(get("/api/v1/improvements?status=DRAFT", REP1), 403);
        assertProblem(get("/api/v1/improvements?size=1000", MANAGER), 400);
        assertProblem(get("/api/v1/improvements/not-a-uuid", MANAGER), 404);
        assertEquals(before, countRows("SELECT COUNT(*) FROM improvements"));

        JsonNode draft = created(improvement("A draft " + reason, reason));
        assertProblem(get("/api/v1/improvements/" + id(draft), REP1), 404);
        assertProblem(get("/api/v1/improvements/" + id(draft) + "/notifications", REP1), 403);
        assertProblem(request("PUT", "/api/v1/improvements/" + id(draft), MANAGER, improvement("Edit", reason),
                Map.of("If-Match", "\"7\"")), 412);
        JsonNode edited = request("PUT", "/api/v1/improvements/" + id(draft), MANAGER, improvement("Edit", reason),
                Map.of("If-Match", "\"1\"")).assertStatus(200).json();
        assertEquals("Edit", edited.path("title").asText());
    }
}
