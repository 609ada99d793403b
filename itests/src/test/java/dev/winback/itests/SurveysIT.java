package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

/**
 * Issue 10 over HTTP on the distribution, surveys and the loop they close: a closed case invites its customer with a
 * signed link the customer answers once on a page without login (forged 404, expired 410, reused 409, a bad form
 * 400, each a page and never a stack trace); a contact-blocked customer gets no invitation; a detractor answer opens
 * a COMPLAINT case whose first contact stops the SLA clock; answers are imported all or nothing and corrected as new
 * records; advocacy on the timeline; every role on the endpoints; the feature away and back invites the cases closed
 * meanwhile exactly once; the console command.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SurveysIT extends CaseWorkflowSupport {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String BASE = "http://localhost:8181";
    private static final Map<String, String> HTML = Map.of("Accept", "text/html");

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFilePut("etc/dev.winback.core.events.cfg", "pollMillis", "100")};
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    /** A customer of rep1's. */
    private String customer(String name) {
        return customer(name, "smb");
    }

    private String customer(String name, String segment) {
        ObjectNode body = json().put("externalId", UUID.randomUUID().toString()).put("source", "surveys-it")
                .put("name", name).put("ownerRep", "rep1").put("currency", "EUR").put("segment", segment);
        return post("/api/v1/customers", MANAGER, body).assertStatus(201).json().path("id").asText();
    }

    /** A LOST_DEAL case of rep1's closed CLOSED_NEVER by the manager. */
    private JsonNode closedCase(String customerId) {
        JsonNode c = openCase(REP1, customerId, "LOST_DEAL", "price", null);
        return post("/api/v1/cases/" + id(c) + "/close", MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "They chose the other supplier for good")).assertStatus(200).json();
    }

    private List<JsonNode> invitations(String query, User user) {
        List<JsonNode> items = new ArrayList<>();
        get("/api/v1/surveys/invitations?" + query, user).assertStatus(200).json().path("items").forEach(items::add);
        return items;
    }

    /** The case's invitation as a manager sees it, with its link. */
    private JsonNode awaitInvitation(String caseId) throws InterruptedException {
        await("the invitation of case " + caseId, SETTLE, () -> invitations("caseId=" + caseId, MANAGER).size() == 1,
                () -> invitations("caseId=" + caseId, MANAGER).toString());
        return invitations("caseId=" + caseId, MANAGER).get(0);
    }

    /** The survey page of a link, on this test's server (links are built on the configured public address). */
    private String pagePath(JsonNode invitation) {
        String link = invitation.path("link").asText();
        assertTrue(invitation.toString(), link.startsWith(BASE + "/winback/survey/"));
        return URI.create(link).getRawPath();
    }

    private ApiResponse answerForm(String path, String form) {
        return request("POST", path, null, form, Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Accept", "text/html"));
    }

    private static String form(String score, String comment) {
        return "score=" + URLEncoder.encode(score, StandardCharsets.UTF_8) + "&comment="
                + URLEncoder.encode(comment, StandardCharsets.UTF_8);
    }

    /** A page for a person: HTML, no stack trace, never cached. */
    private static void assertPage(ApiResponse page, int status, String says) {
        assertEquals(page.toString(), status, page.status());
        assertTrue(page.toString(), page.header("Content-Type").orElse("").startsWith("text/html"));
        assertEquals(page.toString(), "no-store", page.header("Cache-Control").orElse(""));
        assertTrue(page.toString(), page.body().contains(says));
        assertFalse(page.toString(), page.body().contains("Exception"));
        assertFalse(page.toString(), page.body().contains("at dev.winback"));
    }

    private List<JsonNode> timelineComplaints(String customerId) {
        List<JsonNode> items = new ArrayList<>();
        get("/api/v1/reputation/customers/" + customerId, MANAGER).assertStatus(200).json().path("complaints")
                .forEach(items::add);
        return items;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Invitations and the link

    @Test
    public void aClosedCaseInvitesItsCustomerWhoAnswersOnceThroughTheLink() throws Exception {
        long cursor = eventsAfter(0).stream().mapToLong(e -> e.path("id").asLong()).max().orElse(0);
        String customer = customer("Linked");
        JsonNode closed = closedCase(customer);
        JsonNode invitation = awaitInvitation(id(closed));
        assertEquals(invitation.toString(), "SENT", invitation.path("status").asText());
        assertEquals(invitation.toString(), "CASE_CLOSED", invitation.path("reason").asText());
        assertEquals(invitation.toString(), "NPS", invitation.path("kind").asText());
        String path = pagePath(invitation);
        // A rep sees the invitation, never its link: whoever holds it may answer as the customer.
        JsonNode repsView = invitations("caseId=" + id(closed), REP1).get(0);
        assertEquals(repsView.toString(), id(invitation), id(repsView));
        assertTrue(repsView.toString(), repsView.path("link").isNull() || repsView.path("link").isMissingNode());
        assertEquals(0, invitations("caseId=" + id(closed), REP2).size());

        ApiResponse page = request("GET", path, null, null, HTML);
        assertPage(page, 200, "How likely are you to recommend us");
        for (int s = 0; s <= 10; s++) {
            assertTrue(page.body(), page.body().contains("<label for=\"score-" + s + "\">" + s + "</label>"));
        }
        assertTrue(page.body(), page.body().contains("<label for=\"comment\">"));
        assertTrue(page.body(), page.body().contains("<html lang=\"en\">"));
        assertEquals("no-referrer", page.header("Referrer-Policy").orElse(""));

        assertPage(answerForm(path, form("9", "You <b>listened</b>")), 200, "Thank you");
        assertPage(answerForm(path, form("0", "again")), 409, "already been answered");
        assertPage(request("GET", path, null, null, HTML), 409, "already been answered");

        JsonNode answers = get("/api/v1/surveys/responses?customerId=" + customer, REP1).assertStatus(200).json();
        assertEquals(answers.toString(), 1, answers.path("total").asInt());
        JsonNode answer = answers.path("items").get(0);
        assertEquals(answer.toString(), "LINK", answer.path("channel").asText());
        assertEquals(answer.toString(), 9, answer.path("score").asInt());
        assertEquals(answer.toString(), "PROMOTER", answer.path("band").asText());
        assertEquals(answer.toString(), "You <b>listened</b>", answer.path("comment").asText());
        assertEquals(answer.toString(), id(closed), answer.path("caseId").asText());
        JsonNode answered = invitations("caseId=" + id(closed), MANAGER).get(0);
        assertEquals(answered.toString(), "ANSWERED", answered.path("status").asText());
        assertTrue(answered.toString(), answered.path("link").isNull() || answered.path("link").isMissingNode());

        List<JsonNode> invited = eventsAfter(cursor, "survey.invited");
        assertEquals(invited.toString(), 1, invited.stream().filter(e -> e.path("entityId").asText()
                .equals(id(invitation))).count());
        JsonNode event = invited.stream().filter(e -> e.path("entityId").asText().equals(id(invitation))).findFirst()
                .orElseThrow();
        assertEquals(event.toString(), invitation.path("link").asText(), event.path("payload").path("link").asText());
        assertEquals(1, eventsAfter(cursor, "survey.answered").stream().filter(e -> e.path("entityId").asText()
                .equals(id(answer))).count());
    }

    @Test
    public void forgedExpiredAndBadAnswersGetAClearPageAndChangeNothing() throws Exception {
        String customer = customer("Careful");
        JsonNode invitation = awaitInvitation(id(closedCase(customer)));
        String path = pagePath(invitation);
        String token = path.substring("/winback/survey/".length());
        String altered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");

        assertPage(request("GET", "/winback/survey/" + altered, null, null, HTML), 404, "could not find");
        assertPage(request("GET", "/winback/survey/not-a-token", null, null, HTML), 404, "could not find");
        assertPage(answerForm("/winback/survey/" + altered, form("5", "")), 404, "could not find");
        assertPage(request("GET", "/winback/survey/", null, null, HTML), 404, "could not find");

        ApiResponse bad = answerForm(path, form("12", "keep this"));
        assertPage(bad, 400, "Please choose a score from 0 to 10.");
        assertTrue(bad.body(), bad.body().contains("role=\"alert\""));
        assertTrue(bad.body(), bad.body().contains(">keep this</textarea>"));
        assertPage(request("PUT", path, null, "score=5", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Accept", "text/html")), 405, "only be read and answered");
        assertPage(request("POST", path, null, "{\"score\": 5}", Map.of("Content-Type", "application/json",
                "Accept", "text/html")), 415, "form");
        assertEquals(0, get("/api/v1/surveys/responses?customerId=" + customer, MANAGER).json().path("total")
                .asInt());

        // The link's time runs out (moved to the past behind the API's back: no one waits 30 days).
        try (Connection c = winbackDataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE survey_invitations SET expires_at = ? WHERE id = ?")) {
            s.setObject(1, java.time.OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
            s.setObject(2, UUID.fromString(id(invitation)));
            assertEquals(1, s.executeUpdate());
        }
        assertPage(request("GET", path, null, null, HTML), 410, "no longer open");
        assertPage(answerForm(path, form("5", "late")), 410, "no longer open");
        assertEquals(0, get("/api/v1/surveys/responses?customerId=" + customer, MANAGER).json().path("total")
                .asInt());
    }

    @Test
    public void aContactBlockedCustomerIsNotInvited() throws Exception {
        long cursor = eventsAfter(0).stream().mapToLong(e -> e.path("id").asLong()).max().orElse(0);
        String customer = customer("Leave me alone");
        JsonNode c = openCase(REP1, customer, "LOST_DEAL", "price", null);
        post("/api/v1/customers/" + customer + "/contact-block", MANAGER, json().put("reason", "asked us to stop"))
                .assertStatus(200);
        post("/api/v1/cases/" + id(c) + "/close", MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "blocked")).assertStatus(200);

        JsonNode invitation = awaitInvitation(id(c));
        assertEquals(invitation.toString(), "CANCELLED", invitation.path("status").asText());
        assertTrue(invitation.toString(), invitation.path("cancelReason").asText().contains("asked us to stop"));
        assertTrue(invitation.toString(), invitation.path("link").isMissingNode() || invitation.path("link").isNull());
        assertTrue(eventsAfter(cursor, "survey.invited").stream().noneMatch(e -> e.path("payload")
                .path("customerId").asText().equals(customer)));
        assertProblem(post("/api/v1/surveys/invitations", MANAGER, json().put("customerId", customer)), 422);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Closing the loop

    @Test
    public void aDetractorAnswerOpensAComplaintCaseAndItsFirstContactStopsTheClock() throws Exception {
        String customer = customer("Unhappy");
        JsonNode answer = post("/api/v1/surveys/responses", REP1, json().put("customerId", customer)
                .put("kind", "NPS").put("score", 2).put("comment", "Three wrong invoices")).assertStatus(201).json();
        assertEquals(answer.toString(), "DETRACTOR", answer.path("band").asText());

        await("a complaint for the detractor answer", SETTLE, () -> timelineComplaints(customer).size() == 1,
                () -> timelineComplaints(customer).toString());
        JsonNode complaint = timelineComplaints(customer).get(0);
        assertEquals(complaint.toString(), "OPENED", complaint.path("status").asText());
        assertEquals(complaint.toString(), id(answer), complaint.path("responseId").asText());
        Instant due = instant(complaint.path("firstContactDueAt"));
        Instant recorded = instant(answer.path("recordedAt"));
        assertEquals(complaint.toString(), recorded.plus(Duration.ofHours(48)), due);
        JsonNode complaintCase = getCase(complaint.path("caseId").asText(), MANAGER);
        assertEquals(complaintCase.toString(), "COMPLAINT", complaintCase.path("lossKind").asText());
        assertEquals(complaintCase.toString(), "rep1", complaintCase.path("ownerRep").asText());
        assertTrue(complaintCase.toString(), complaintCase.path("notes").asText().contains("Three wrong invoices"));

        // A second detractor answer while the case runs: the running case takes it, no second case.
        post("/api/v1/surveys/responses", REP1, json().put("customerId", customer).put("kind", "CSAT")
                .put("score", 1)).assertStatus(201);
        await("the second complaint", SETTLE, () -> timelineComplaints(customer).size() == 2,
                () -> timelineComplaints(customer).toString());
        assertEquals("ATTACHED", timelineComplaints(customer).get(1).path("status").asText());
        assertEquals(1, get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("items").size());

        // The owner meets the customer: the complaint was answered in time.
        JsonNode first = complaintCase.path("steps").get(0);
        assertTrue(first.toString(), first.path("contactsCustomer").asBoolean());
        String outcome = first.path("allowedOutcomes").get(0).asText();
        tryComplete(id(complaintCase), id(first), REP1, outcome).assertStatus(200);
        await("the first contact is recorded", SETTLE, () -> timelineComplaints(customer).get(0)
                .path("firstContactAt").isTextual(), () -> timelineComplaints(customer).toString());
        assertTrue(timelineComplaints(customer).get(0).path("contactedInTime").asBoolean());
    }

    // ------------------------------------------------------------------------------------------------------------
    // The summary

    @Test
    public void theSummaryCountsASegmentsAnswersMovesAndReach() throws Exception {
        String segment = "summary-" + UUID.randomUUID();
        String recovered = customer("Recovered", segment);
        String promoter = customer("Promoter", segment);
        String passive = customer("Passive", segment);
        post("/api/v1/surveys/responses", REP1, json().put("customerId", recovered).put("kind", "NPS").put("score", 2)
                .put("respondedAt", Instant.now().minus(Duration.ofHours(2)).toString())).assertStatus(201);
        // The detractor's complaint case opens, and the owner meets them before their next answer: they went
        // through recovery.
        await("the complaint case", SETTLE, () -> timelineComplaints(recovered).size() == 1,
                () -> timelineComplaints(recovered).toString());
        JsonNode complaintCase = getCase(timelineComplaints(recovered).get(0).path("caseId").asText(), MANAGER);
        JsonNode meeting = complaintCase.path("steps").get(0);
        tryComplete(id(complaintCase), id(meeting), REP1, meeting.path("allowedOutcomes").get(0).asText())
                .assertStatus(200);
        await("the complaint's first contact", SETTLE, () -> timelineComplaints(recovered).get(0)
                .path("firstContactAt").isTextual(), () -> timelineComplaints(recovered).toString());
        post("/api/v1/surveys/responses", REP1, json().put("customerId", recovered).put("kind", "NPS").put("score", 9))
                .assertStatus(201);
        post("/api/v1/surveys/responses", REP1, json().put("customerId", promoter).put("kind", "NPS").put("score", 10))
                .assertStatus(201);
        post("/api/v1/surveys/responses", REP1, json().put("customerId", passive).put("kind", "CSAT").put("score", 3))
                .assertStatus(201);

        JsonNode summary = get("/api/v1/reputation/summary?segment=" + segment, REP2).assertStatus(200).json();
        assertEquals(summary.toString(), 1, summary.path("closeTheLoop").path("contactedInTime").asInt());

        // Latest answers: recovered 9 (promoter), promoter 10 (promoter), passive CSAT 3 (passive).
        assertEquals(summary.toString(), 3, summary.path("respondents").asInt());
        assertEquals(summary.toString(), 4, summary.path("answers").asInt());
        assertEquals(summary.toString(), 0, summary.path("bands").path("detractors").asInt());
        assertEquals(summary.toString(), 1, summary.path("bands").path("passives").asInt());
        assertEquals(summary.toString(), 2, summary.path("bands").path("promoters").asInt());
        // NPS over the two NPS respondents' latest NPS answers: (2 - 0) / 2 x 100.
        assertEquals(summary.toString(), 100.0, summary.path("nps").path("score").asDouble(), 0.0);
        // CSAT: the one CSAT respondent is not satisfied.
        assertEquals(summary.toString(), 0.0, summary.path("csat").path("score").asDouble(), 0.0);
        JsonNode moved = summary.path("moves").path("wentThroughRecovery");
        assertEquals(summary.toString(), 1, moved.path("detractors").asInt());
        assertEquals(summary.toString(), 1, moved.path("toPromoter").asInt());
        assertEquals(summary.toString(), 0, summary.path("moves").path("noRecovery").path("detractors").asInt());
        assertEquals(summary.toString(), 1, summary.path("closeTheLoop").path("complaints").asInt());
        assertEquals(summary.toString(), 1, summary.path("rescue").path("detractors").asInt());
        assertEquals(summary.toString(), 0, summary.path("rescue").path("rescued").asInt());
        // Word of mouth with 7 and 3: 2 promoters x 3; a detractor turned promoter stops telling 7 and tells 3.
        JsonNode reach = summary.path("wordOfMouth");
        assertEquals(summary.toString(), 0.0, reach.path("negativeReach").asDouble(), 0.0);
        assertEquals(summary.toString(), 6.0, reach.path("positiveReach").asDouble(), 0.0);
        assertEquals(summary.toString(), 10.0, reach.path("netReachRecovered").asDouble(), 0.0);
        JsonNode alternative = get("/api/v1/reputation/summary?segment=" + segment + "&unhappyTells=10&happyTells=5",
                MANAGER).assertStatus(200).json().path("wordOfMouth");
        assertEquals(alternative.toString(), 10.0, alternative.path("positiveReach").asDouble(), 0.0);
        assertEquals(alternative.toString(), 15.0, alternative.path("netReachRecovered").asDouble(), 0.0);
        assertEquals(alternative.toString(), "REQUEST", alternative.path("multipliers").asText());

        assertEquals(401, get("/api/v1/reputation/summary").status());
        assertProblem(get("/api/v1/reputation/summary?from=2026-05-01&to=2026-01-01", REP1), 400);
        assertProblem(get("/api/v1/reputation/summary?unhappyTells=lots", REP1), 400);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Answers through the API: roles, imports, corrections

    @Test
    public void answersAreRecordedImportedAndCorrectedByTheRightPeople() throws Exception {
        String customer = customer("Answering");
        String externalId = customer(customer, MANAGER).path("externalId").asText();

        assertEquals(401, post("/api/v1/surveys/responses", null, json()).status());
        assertProblem(post("/api/v1/surveys/responses", REP1, json().put("customerId", customer).put("kind", "NPS")
                .put("score", 11)), 400);
        assertProblem(post("/api/v1/surveys/responses", REP1, json().put("customerId", customer).put("kind", "NPS")
                .put("score", 5).put("stars", 3)), 400);
        assertProblem(post("/api/v1/surveys/responses", REP1, json().put("customerId", UUID.randomUUID().toString())
                .put("kind", "NPS").put("score", 5)), 422);
        // rep2 owns neither the customer nor a case of theirs: no answer of theirs moves rep1's figures.
        assertProblem(post("/api/v1/surveys/responses", REP2, json().put("customerId", customer).put("kind", "NPS")
                .put("score", 10)), 403);
        assertProblem(post("/api/v1/surveys/responses", REP1, json().put("customerId", customer).put("kind", "NPS")
                .put("score", 5).put("comment", "a\u0000b")), 400);
        JsonNode wrong = post("/api/v1/surveys/responses", REP1, json().put("customerId", customer)
                .put("kind", "NPS").put("score", 10).put("respondedAt", "2026-01-10T09:00:00Z")).assertStatus(201)
                .json();

        String bad = "source,externalId,kind,score\nsurveys-it," + externalId + ",NPS,8\nsurveys-it," + externalId
                + ",NPS,eleven\n";
        assertProblem(upload("/api/v1/surveys/imports", REP1, bad.getBytes(StandardCharsets.UTF_8), "text/csv"),
                403);
        JsonNode refused = assertProblem(upload("/api/v1/surveys/imports", MANAGER,
                bad.getBytes(StandardCharsets.UTF_8), "text/csv"), 400);
        assertTrue(refused.toString(), refused.toString().contains("line 3"));
        assertEquals(1, get("/api/v1/surveys/responses?customerId=" + customer, MANAGER).json().path("total")
                .asInt());
        String good = "{\"source\":\"surveys-it\",\"externalId\":\"" + externalId + "\",\"kind\":\"CSAT\",\"score\":4,"
                + "\"respondedAt\":\"2026-02-01T10:00:00Z\"}\n";
        JsonNode imported = upload("/api/v1/surveys/imports", MANAGER, good.getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson").assertStatus(200).json();
        assertEquals(imported.toString(), 1, imported.path("imported").asInt());

        ObjectNode fix = json().put("score", 3).put("reason", "The customer said 3; the rep typed 10");
        assertProblem(post("/api/v1/surveys/responses/" + id(wrong) + "/corrections", REP1, fix), 403);
        JsonNode correction = post("/api/v1/surveys/responses/" + id(wrong) + "/corrections", MANAGER, fix)
                .assertStatus(201).json();
        assertEquals(correction.toString(), id(wrong), correction.path("correctsId").asText());
        assertEquals(correction.toString(), "2026-01-10T09:00:00Z", correction.path("respondedAt").asText());
        assertProblem(post("/api/v1/surveys/responses/" + id(wrong) + "/corrections", MANAGER, fix), 409);
        JsonNode kept = get("/api/v1/surveys/responses/" + id(wrong), REP1).assertStatus(200).json();
        assertEquals(kept.toString(), 10, kept.path("score").asInt());
        assertEquals(kept.toString(), id(correction), kept.path("correctedBy").asText());
        // Nothing about an answer can be deleted or rewritten through the API.
        assertEquals(405, delete("/api/v1/surveys/responses/" + id(wrong), ADMIN).status());
        assertEquals(405, put("/api/v1/surveys/responses/" + id(wrong), ADMIN, json().put("score", 9)).status());
        assertEquals(3, get("/api/v1/surveys/responses?customerId=" + customer, MANAGER).json().path("total")
                .asInt());
        assertProblem(get("/api/v1/surveys/responses/" + UUID.randomUUID(), REP1), 404);
        assertProblem(get("/api/v1/surveys/responses?customerId=nope", REP1), 400);
    }

    @Test
    public void advocacyIsRecordedOnTheTimelineAndAReviewsTextIsNotKept() throws Exception {
        String customer = customer("Advocate");
        String referred = customer("Referred");
        recordPurchase(referred, MANAGER, LocalDate.now(ZoneOffset.UTC), "400.00", null);
        String path = "/api/v1/reputation/customers/" + customer + "/advocacy";

        post(path, REP1, json().put("kind", "TESTIMONIAL").put("note", "Quote for the website")).assertStatus(201);
        post(path, REP1, json().put("kind", "REFERRAL").put("referredCustomerId", referred)).assertStatus(201);
        post(path, REP1, json().put("kind", "PUBLIC_REVIEW").put("site", "trustpilot.com").put("rating", 4.5))
                .assertStatus(201);
        assertProblem(post(path, REP1, json().put("kind", "PUBLIC_REVIEW").put("site", "g2.com").put("rating", 5)
                .put("note", "the review text")), 400);
        assertProblem(post(path, REP1, json().put("kind", "PUBLIC_REVIEW").put("site", "g2.com").put("rating", 6)),
                400);
        assertProblem(post(path, REP1, json().put("kind", "REFERRAL")), 400);
        assertProblem(post(path, REP1, json().put("kind", "REFERRAL").put("referredCustomerId", customer)), 422);
        assertProblem(post("/api/v1/reputation/customers/" + UUID.randomUUID() + "/advocacy", REP1,
                json().put("kind", "TESTIMONIAL")), 404);

        assertProblem(get("/api/v1/reputation/customers/" + customer, REP2), 404);
        JsonNode timeline = get("/api/v1/reputation/customers/" + customer, REP1).assertStatus(200).json();
        JsonNode advocacy = timeline.path("advocacy");
        assertEquals(advocacy.toString(), 3, advocacy.size());
        assertEquals(advocacy.toString(), 0, new java.math.BigDecimal("400.00")
                .compareTo(advocacy.get(1).path("referralRevenue").decimalValue()));
        assertEquals(advocacy.toString(), "trustpilot.com", advocacy.get(2).path("site").asText());
        assertEquals(advocacy.toString(), 5, advocacy.get(2).path("ratingScale").asInt());
        assertProblem(get("/api/v1/reputation/customers/" + UUID.randomUUID(), REP1), 404);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Hot swap and the console

    @Test
    public void theFeatureAwayAndBackInvitesTheCasesClosedMeanwhileOnce() throws Exception {
        String customer = customer("While away");
        JsonNode closed;
        featuresService.uninstallFeature("winback-reputation");
        try {
            awaitApiReady();
            await("the survey resources are gone", SETTLE,
                    () -> get("/api/v1/surveys/invitations", MANAGER).status() == 404,
                    () -> get("/api/v1/surveys/invitations", MANAGER).toString());
            assertEquals(404, request("GET", "/winback/survey/anything", null, null, HTML).status());
            closed = closedCase(customer);
        } finally {
            featuresService.installFeature("winback-reputation");
        }
        awaitApiReady();
        JsonNode invitation = awaitInvitation(id(closed));
        assertEquals(invitation.toString(), "SENT", invitation.path("status").asText());
        assertPage(request("GET", pagePath(invitation), null, null, HTML), 200, "How likely");
        // However often the log is delivered again, the case has its one invitation.
        Thread.sleep(2000);
        assertEquals(1, invitations("caseId=" + id(closed), MANAGER).size());
        assertEquals(1, countRows("SELECT COUNT(*) FROM survey_invitations WHERE case_id = ?",
                UUID.fromString(id(closed))));
    }

    @Test
    public void theConsoleShowsACustomersReputation() throws Exception {
        String customer = customer("Console");
        post("/api/v1/surveys/responses", REP1, json().put("customerId", customer).put("kind", "NPS").put("score", 9)
                .put("comment", "Fine now")).assertStatus(201);

        Shell shell = run("winback:reputation " + customer);
        assertTrue(shell.toString(), shell.out().contains("Console"));
        assertTrue(shell.toString(), shell.out().contains("promoter"));
        assertTrue(shell.toString(), shell.out().contains("Fine now"));
        assertFalse(shell.toString(), shell.out().contains("Exception") || shell.err().contains("Exception"));
        Shell unknown = run("winback:reputation crm:nobody-" + UUID.randomUUID());
        assertTrue(unknown.toString(), (unknown.out() + unknown.err()).contains("No customer is known as"));
    }
}
