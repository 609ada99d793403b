package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 7 over HTTP, the rules around the plans: timing (point 3), teams, escalations and worklists (point 4),
 * closing and its evidence (point 5), the records a step requires (point 6), corrections and one running case per
 * customer (point 7), and the small contract fixes (point 9).
 *
 * <p>Besides the distribution's demo users the realm gets {@code boss} (a second manager), {@code rep3} (a rep who
 * is put in boss's team) and {@code viewer1} (a user with no Winback role); the overdue sweep runs every 2 seconds
 * so an escalation can be watched.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CaseGuardRailsIT extends CaseWorkflowSupport {
    private static final User BOSS = new User("boss", "boss");
    private static final User REP3 = new User("rep3", "rep3");
    private static final User VIEWER = new User("viewer1", "viewer1");

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/users.properties", "boss", "boss,winback-manager"),
            editConfigurationFilePut("etc/users.properties", "rep3", "rep3,winback-rep"),
            editConfigurationFilePut("etc/users.properties", "viewer1", "viewer1,viewer"),
            editConfigurationFilePut("etc/dev.winback.core.overdue.cfg", "intervalSeconds", "2"),
        };
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static LocalDate openedOn(JsonNode recoveryCase) {
        return instant(recoveryCase.path("createdAt")).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private ApiResponse close(JsonNode recoveryCase, User user, ObjectNode body) {
        return post("/api/v1/cases/" + id(recoveryCase) + "/close", user, body);
    }

    private static ObjectNode won(String revenue) {
        return json().put("status", "WON_BACK").put("revenue", new BigDecimal(revenue));
    }

    private String customerOf(User owner, String name, String currency) {
        ObjectNode body = json().put("externalId", UUID.randomUUID().toString()).put("source", "guard-rails-it")
                .put("name", name).put("ownerRep", owner.name());
        if (currency != null) {
            body.put("lifetimeValue", 1000).put("currency", currency);
        }
        return post("/api/v1/customers", MANAGER, body).assertStatus(201).json().path("id").asText();
    }

    /** A nurture case at its decision step: the customer answered and wants to buy. */
    private JsonNode atDecision(String customerId, User owner) {
        JsonNode c = openCase(owner, customerId, "LAPSED", "price", "nurture");
        c = complete(c, "share-useful-info", "RESPONDED", "They wrote back", owner).recoveryCase();
        c = complete(c, "answer-response", "WANTS_TO_BUY", "Asked for a quote", owner).recoveryCase();
        assertDecisionStep(c);
        return c;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Point 5: closing has guard rails

    @Test
    public void wonBackNeedsAPurchaseSinceTheCaseOpenedAndRecordsItsEvidence() {
        String customer = newCustomer(REP1, "Came Back GmbH");
        JsonNode c = openCase(REP1, customer, "LAPSED", "late-delivery", null);

        // no purchase on record: a rep's claim is not evidence, and a rep cannot vouch for it either
        JsonNode noEvidence = assertProblem(close(c, REP1, won("5000").put("currency", "EUR")), 422);
        assertEquals("evidence", field(noEvidence));
        assertTrue(noEvidence.toString(), noEvidence.toString().contains("/purchases"));
        assertProblem(close(c, REP1, won("5000").put("managerConfirmed", true).put("notes", "Trust me")), 403);

        // a purchase from before the case opened proves nothing
        recordPurchase(customer, REP1, openedOn(c).minusDays(1), "80.00", "EUR");
        assertEquals("evidence", field(assertProblem(close(c, REP1, won("5000")), 422)));
        assertEquals("OPEN", getCase(id(c), REP1).path("status").asText());

        // recording purchases: checked, and the same transaction twice is one purchase
        String purchases = "/api/v1/customers/" + customer + "/purchases";
        assertEquals("date", field(assertProblem(post(purchases, REP1, json().put("date", today().plusDays(10)
                .toString()).put("amount", 10)), 400)));
        assertEquals("amount", field(assertProblem(post(purchases, REP1, json().put("date", today().toString())),
                400)));
        assertProblem(post("/api/v1/customers/" + UUID.randomUUID() + "/purchases", REP1, json()
                .put("date", today().toString()).put("amount", 10)), 404);
        ObjectNode purchase = json().put("date", openedOn(c).toString()).put("amount", 120.5).put("currency", "EUR")
                .put("transactionId", "T1-" + customer);
        ApiResponse recorded = post(purchases, REP1, purchase).assertStatus(201);
        JsonNode bought = recorded.json();
        assertEquals(0, new BigDecimal("120.5").compareTo(bought.path("amount").decimalValue()));
        assertEquals("EUR", bought.path("currency").asText());
        assertEquals("T1-" + customer, bought.path("transactionId").asText());
        ApiResponse again = post(purchases, REP1, purchase);
        assertTrue(again.toString(), again.status() == 200 || again.status() == 201);
        assertEquals(again.toString(), id(bought), id(again.json()));

        // now the rep closes it as won back; the case keeps the evidence, currency, who and why
        JsonNode closed = close(c, REP1, won("5000").put("currency", "EUR").put("notes", "Renewed the contract"))
                .assertStatus(200).json();
        assertClosed(closed, "WON_BACK", false);
        assertEquals(0, new BigDecimal("5000").compareTo(closed.path("recoveredRevenue").decimalValue()));
        assertEquals("EUR", closed.path("revenueCurrency").asText());
        assertEquals("rep1", closed.path("closedBy").asText());
        assertEquals("Renewed the contract", closed.path("closeNotes").asText());
        JsonNode evidence = closed.path("evidence");
        assertEquals(evidence.toString(), "PURCHASE", evidence.path("kind").asText());
        assertEquals(evidence.toString(), id(bought), evidence.path("purchaseId").asText());
        assertEquals(evidence.toString(), openedOn(c).toString(), evidence.path("purchaseDate").asText());
        assertEquals(0, new BigDecimal("120.5").compareTo(evidence.path("purchaseAmount").decimalValue()));
        assertEquals(closed, getCase(id(c), MANAGER));
    }

    @Test
    public void aManagerMayConfirmAWinBackWithANoteAndRevenueKeepsItsCurrency() {
        String customer = customerOf(REP1, "Pound Sterling Ltd", "GBP");
        JsonNode c = openCase(REP1, customer, "LAPSED", "price", null);
        // a manager's word needs a note saying how they know
        assertEquals("notes", field(assertProblem(close(c, MANAGER, won("700").put("managerConfirmed", true)), 422)));
        assertEquals("managerConfirmed", field(assertProblem(close(c, MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "x").put("managerConfirmed", true)), 400)));
        JsonNode confirmed = close(c, MANAGER, won("700").put("currency", "USD").put("managerConfirmed", true)
                .put("notes", "Saw their signed purchase order, PO-881")).assertStatus(200).json();
        assertClosed(confirmed, "WON_BACK", false);
        assertEquals("USD", confirmed.path("revenueCurrency").asText());
        assertEquals("manager", confirmed.path("closedBy").asText());
        JsonNode evidence = confirmed.path("evidence");
        assertEquals(evidence.toString(), "MANAGER_CONFIRMATION", evidence.path("kind").asText());
        assertEquals(evidence.toString(), "manager", evidence.path("confirmedBy").asText());
        assertEquals(evidence.toString(), "Saw their signed purchase order, PO-881", evidence.path("note").asText());

        // without a currency the revenue is in the customer's
        String other = customerOf(REP1, "Quid Pro Quo Ltd", "GBP");
        JsonNode second = openCase(REP1, other, "LAPSED", "price", null);
        recordPurchase(other, REP1, today(), "40", null);
        JsonNode inPounds = close(second, REP1, won("900")).assertStatus(200).json();
        assertEquals("GBP", inPounds.path("revenueCurrency").asText());
        assertEquals("PURCHASE", inPounds.path("evidence").path("kind").asText());
    }

    @Test
    public void givingUpBeforeThePlansLastStepIsAManagersCallWithAReason() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Gave Up Too Soon Ltd"), "LAPSED", "price", null);
        for (String status : List.of("CLOSED_NEVER", "CLOSED_NO_RESPONSE")) {
            assertProblem(close(c, REP1, json().put("status", status).put("notes", "They never answer")), 403);
        }
        assertEquals("notes", field(assertProblem(close(c, MANAGER, json().put("status", "CLOSED_NO_RESPONSE")),
                400)));
        assertEquals(c, getCase(id(c), REP1));
        JsonNode closed = close(c, MANAGER, json().put("status", "CLOSED_NO_RESPONSE")
                .put("notes", "Five calls, three mails, no answer")).assertStatus(200).json();
        assertClosed(closed, "CLOSED_NO_RESPONSE", false);
        assertEquals("manager", closed.path("closedBy").asText());
        assertEquals("Five calls, three mails, no answer", closed.path("closeNotes").asText());
        assertEquals("CANCELLED", stepsNamed(closed, "fact-find", null).get(0).path("status").asText());

        // once the plan reached its last step (nothing but the decision left) the owner may end it
        JsonNode decided = atDecision(newCustomer(REP1, "Plan Done Ltd"), REP1);
        JsonNode never = close(decided, REP1, json().put("status", "CLOSED_NEVER")
                .put("notes", "They buy from the group supplier now")).assertStatus(200).json();
        assertClosed(never, "CLOSED_NEVER", false);
        assertEquals("rep1", never.path("closedBy").asText());
    }

    /** Two closes at once without If-Match: one wins, the other is told it lost (409), never 412 or two wins. */
    @Test
    public void aCloseThatLosesARaceIs409AndAStaleIfMatchIs412() throws Exception {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Stale Tag Ltd"), "LAPSED", "price", null);
        ApiResponse read = get("/api/v1/cases/" + id(c), MANAGER).assertStatus(200);
        String stale = etag(read);
        JsonNode changed = recordWhy(c);
        assertNotEquals(c.path("version"), changed.path("version"));
        ObjectNode never = json().put("status", "CLOSED_NEVER").put("notes", "Group-wide supplier contract");
        assertProblem(request("POST", "/api/v1/cases/" + id(c) + "/close", MANAGER, never,
                Map.of("If-Match", stale)), 412);
        assertEquals("OPEN", getCase(id(c), MANAGER).path("status").asText());
        String current = etag(get("/api/v1/cases/" + id(c), MANAGER));
        request("POST", "/api/v1/cases/" + id(c) + "/close", MANAGER, never, Map.of("If-Match", current))
                .assertStatus(200);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                JsonNode racing = openCase(REP1, newCustomer(REP1, "Race " + round + " Ltd"), "LAPSED", "price",
                        null);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ApiResponse>> answers = new ArrayList<>();
                for (String status : List.of("CLOSED_NEVER", "CLOSED_NO_RESPONSE")) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return close(racing, MANAGER, json().put("status", status).put("notes", "Racing " + status));
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                List<ApiResponse> responses = new ArrayList<>();
                for (Future<ApiResponse> f : answers) {
                    ApiResponse r = f.get(60, TimeUnit.SECONDS);
                    responses.add(r);
                    statuses.add(r.status());
                }
                Collections.sort(statuses);
                assertEquals(responses.toString(), List.of(200, 409), statuses);
                for (ApiResponse r : responses) {
                    if (r.status() == 409) {
                        assertProblem(r, 409);
                    }
                }
                // the winner's status stands
                String winner = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json()
                        .path("status").asText();
                assertEquals(winner, getCase(id(racing), MANAGER).path("status").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        // and after the race, closing again is a plain 409 too
        assertProblem(close(c, MANAGER, never), 409);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Point 6: a step can require its records

    @Test
    public void stepsRequireTheirRecords() {
        JsonNode c = openCase(REP1, newCustomer(REP1, "Whys Needed plc"), "HOSTILE", "wrong-billing", null);
        c = complete(c, "meet-decision-maker", "MET", "Met the CFO", REP1).recoveryCase();
        JsonNode whys = planned(c, "document-whys");
        assertEquals(whys.toString(), List.of("WHY"), texts(whys.path("requires")));
        ApiResponse noWhy = tryComplete(id(c), id(whys), REP1, "DOCUMENTED");
        assertEquals("whys", field(assertProblem(noWhy, 422)));
        assertTrue(noWhy.toString(), noWhy.body().contains("/whys"));
        assertEquals(c, getCase(id(c), REP1));
        c = complete(recordWhy(c), "document-whys", "DOCUMENTED", "One why", REP1).recoveryCase();
        c = complete(c, "choose-approach", "PROFESSIONAL_CARD", "Keep it formal", MANAGER).recoveryCase();
        c = complete(c, "peace-offering-card", "SENT", "Card from our MD", REP1).recoveryCase();

        JsonNode ask = planned(c, "ask-for-another-chance");
        assertEquals(ask.toString(), List.of("AGREEMENT"), texts(ask.path("requiresFor").path("AGREED")));
        ApiResponse noAgreement = tryComplete(id(c), id(ask), REP1, "AGREED");
        assertEquals("agreement", field(assertProblem(noAgreement, 422)));
        assertTrue(noAgreement.toString(), noAgreement.body().contains("/agreement"));
        assertEquals(c, getCase(id(c), REP1));
        c = complete(recordAgreement(c), "ask-for-another-chance", "AGREED", "Signed", REP1).recoveryCase();
        planned(c, "monitor-conditions");

        // fivestep: CAN_DO and NEVER need notes, as the next steps rely on them
        JsonNode f = openCase(REP1, newCustomer(REP1, "Notes Needed BV"), "LAPSED", "late-delivery", null);
        f = complete(f, "fact-find", "FACTS_FOUND", "Late deliveries", REP1).recoveryCase();
        f = complete(f, "explain-changes", "EXPLAINED", "New carrier", REP1).recoveryCase();
        f = complete(f, "send-evidence", "RESPONDED", "They called", REP1).recoveryCase();
        JsonNode wwit = planned(f, "what-would-it-take");
        for (String outcome : List.of("CAN_DO", "NEVER")) {
            assertEquals(wwit.toString(), List.of("NOTES"), texts(wwit.path("requiresFor").path(outcome)));
            assertEquals("notes", field(assertProblem(completeWith(id(f), id(wwit), REP1,
                    json().put("outcome", outcome)), 422)));
            assertEquals("notes", field(assertProblem(completeWith(id(f), id(wwit), REP1,
                    json().put("outcome", outcome).put("notes", "   ")), 422)));
        }
        assertEquals(f, getCase(id(f), REP1));
        f = complete(f, "what-would-it-take", "CAN_DO", "Next-day delivery from March", REP1).recoveryCase();
        assertTrue(planned(f, "deliver-commitment").path("instructions").asText()
                .contains("Next-day delivery from March"));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Point 3: timing rules are enforced

    @Test
    public void timingRulesAreEnforced() {
        // a notBefore is a hard limit: 409 with the earliest time and Retry-After
        JsonNode n = openCase(REP1, newCustomer(REP1, "Fatigued BV"), "LAPSED", "price", "nurture");
        n = complete(n, "share-useful-info", "SENT", "An article", REP1).recoveryCase();
        JsonNode touch = planned(n, "share-useful-info");
        assertTrue(touch.toString(), tooEarly(touch));
        assertTooEarly(n, touch, REP1, "SENT");
        assertTooEarly(n, touch, MANAGER, "SENT");

        JsonNode f = openCase(REP1, newCustomer(REP1, "Spaced Evidence BV"), "LAPSED", "price", null);
        f = complete(f, "fact-find", "FACTS_FOUND", "Facts", REP1).recoveryCase();
        f = complete(f, "explain-changes", "EXPLAINED", "Explained", REP1).recoveryCase();
        f = complete(f, "send-evidence", "SENT", "Testimonial", REP1).recoveryCase();
        assertTooEarly(f, planned(f, "send-evidence"), REP1, "SENT");

        // the 24-hour window: a deal lost three days ago gets 24 hours from now, and the miss is on record
        Instant lost = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        JsonNode late = post("/api/v1/cases", REP1, caseBody(newCustomer(REP1, "Late Apology AG"), "LOST_DEAL",
                "competitor", null).put("lostAt", lost.toString())).assertStatus(201).json();
        JsonNode apologise = planned(late, "apologise");
        assertDue("late apology", apologise, instant(late.path("createdAt")).plus(Duration.ofHours(24)));
        assertFalse(apologise.toString(), apologise.path("slaMissed").asText("").isBlank());
        assertTrue(apologise.toString(), apologise.path("escalateWhenOverdue").asBoolean());

        // a loss in the future is a 400
        String future = newCustomer(REP1, "Not Yet Lost AG");
        assertEquals("lostAt", field(assertProblem(post("/api/v1/cases", REP1, caseBody(future, "LOST_DEAL",
                "competitor", null).put("lostAt", Instant.now().plus(Duration.ofHours(3)).toString())), 400)));
        assertEquals(0, get("/api/v1/cases?customerId=" + future, MANAGER).json().path("total").asInt());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Point 4: teams, escalations, worklists, list rows

    private static List<JsonNode> list(JsonNode arrayOrPage) {
        JsonNode items = arrayOrPage.isArray() ? arrayOrPage : arrayOrPage.path("items");
        List<JsonNode> all = new ArrayList<>();
        items.forEach(all::add);
        return all;
    }

    @Test
    public void teamsAreAdminDataCheckedAgainstTheRealm() {
        String path = "/api/v1/teams/checks";
        ObjectNode team = json().put("manager", "manager");
        team.putArray("members").add("rep2");
        assertProblem(put(path, MANAGER, team), 403);
        assertProblem(put(path, REP1, team), 403);

        ObjectNode ghost = json().put("manager", "manager");
        ghost.putArray("members").add("ghost");
        JsonNode unknown = assertProblem(put(path, ADMIN, ghost), 400);
        assertTrue(unknown.toString(), field(unknown).startsWith("members"));
        assertTrue(unknown.toString(), unknown.toString().contains("ghost"));
        ObjectNode noRole = json().put("manager", "viewer1");
        noRole.putArray("members").add("rep2");
        assertEquals("manager", field(assertProblem(put(path, ADMIN, noRole), 400)));
        assertProblem(get(path, ADMIN), 404);

        ApiResponse created = put(path, ADMIN, team);
        assertTrue(created.toString(), created.status() == 200 || created.status() == 201);
        String tag = etag(created);
        assertEquals("manager", created.json().path("manager").asText());
        assertEquals(List.of("rep2"), texts(created.json().path("members")));

        // any Winback user reads teams
        JsonNode read = get(path, REP1).assertStatus(200).json();
        assertEquals("checks", read.path("name").asText());
        assertEquals(List.of("rep2"), texts(read.path("members")));
        assertTrue(list(get("/api/v1/teams", REP2).assertStatus(200).json()).stream()
                .anyMatch(t -> "checks".equals(t.path("name").asText())));

        // changing it needs the version read: 428 without, 412 when stale
        assertProblem(put(path, ADMIN, team), 428);
        assertProblem(request("PUT", path, ADMIN, team, Map.of("If-Match", "\"9999\"")), 412);
        ApiResponse updated = request("PUT", path, ADMIN, team.put("manager", "admin"), Map.of("If-Match", tag))
                .assertStatus(200);
        assertNotEquals(tag, etag(updated));
        assertEquals("admin", get(path, MANAGER).json().path("manager").asText());
        assertProblem(request("PUT", path, ADMIN, team, Map.of("If-Match", tag)), 412);
        // and back, so that rep2's manager steps stay where the other tests expect them
        request("PUT", path, ADMIN, team.put("manager", "manager"), Map.of("If-Match", etag(updated)))
                .assertStatus(200);
    }

    /**
     * rep3 is in boss's team: manager steps of rep3's cases go to boss, not to the default manager; a late step
     * escalates to boss (escalatedTo, escalatedAt); the worklists find all of it, sorted by due time.
     */
    @Test
    public void managerStepsAndEscalationsGoToTheTeamsManagerAndWorklistsFindThem() throws Exception {
        ObjectNode east = json().put("manager", "boss");
        east.putArray("members").add("rep3");
        ApiResponse created = put("/api/v1/teams/east", ADMIN, east);
        assertTrue(created.toString(), created.status() == 200 || created.status() == 201);

        // code99's choice of approach is the manager's: boss's
        JsonNode hostile = openCase(REP3, customerOf(REP3, "East Hostile plc", "EUR"), "HOSTILE", "relationship",
                null);
        hostile = complete(hostile, "meet-decision-maker", "MET", "Met them", REP3).recoveryCase();
        hostile = complete(recordWhy(hostile), "document-whys", "DOCUMENTED", "Why", REP3).recoveryCase();
        JsonNode choose = planned(hostile, "choose-approach");
        assertEquals(choose.toString(), "boss", choose.path("assignee").asText());
        assertProblem(tryComplete(id(hostile), id(choose), REP3, "FUN_GIFT"), 403);

        // a review's management questions are boss's too
        // (force: see openParallel)
        JsonNode review = post("/api/v1/cases", MANAGER, caseBody(customerOf(REP3, "East Review Ltd", "EUR"),
                "LOST_DEAL", "service-failure", "pitstop").put("ownerRep", "rep3").put("force", true))
                .assertStatus(201).json();
        for (String q : List.of("feedback-system", "strengths-known", "internal-feedback", "rescue-system")) {
            assertEquals("boss", planned(review, q).path("assignee").asText());
        }
        for (String q : List.of("clear-expectations", "followed-request", "responded-to-complaints")) {
            assertEquals("rep3", planned(review, q).path("assignee").asText());
        }

        // an apology that falls due in a few seconds, and escalates when it does
        Instant lostAt = Instant.now().minus(Duration.ofHours(24)).plus(Duration.ofSeconds(5))
                .truncatedTo(ChronoUnit.SECONDS);
        String lateCustomer = customerOf(REP3, "East Late AG", "EUR");
        JsonNode late = post("/api/v1/cases", REP3, caseBody(lateCustomer, "LOST_DEAL", "competitor", null)
                .put("lostAt", lostAt.toString())).assertStatus(201).json();
        JsonNode apologise = planned(late, "apologise");
        assertTrue(apologise.toString(), apologise.path("escalatedTo").isNull()
                || apologise.path("escalatedTo").isMissingNode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode escalated = apologise;
        while (!escalated.path("escalatedTo").isTextual() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            escalated = stepById(getCase(id(late), REP3), id(apologise));
        }
        assertEquals("escalated to the team's manager: " + escalated, "boss", escalated.path("escalatedTo").asText());
        Instant escalatedAt = instant(escalated.path("escalatedAt"));
        assertTrue(escalated.toString(), escalatedAt.isAfter(instant(escalated.path("dueAt"))));
        assertEquals("rep3", escalated.path("assignee").asText());
        assertTrue(escalated.toString(), escalated.path("overdueSince").isTextual());

        // rep3's worklist: their planned steps, by due time, the late one first and marked escalated
        JsonNode mine = get("/api/v1/steps?assignee=me&status=PLANNED", REP3).assertStatus(200).json();
        List<JsonNode> rows = list(mine);
        assertEquals(mine.toString(), rows.size(), mine.path("total").asInt());
        // the review's three owner questions and the late apology (the code99 case waits for boss)
        assertEquals(mine.toString(), 4, rows.size());
        Instant previous = Instant.MIN;
        for (JsonNode row : rows) {
            assertEquals(row.toString(), "rep3", row.path("step").path("assignee").asText());
            assertEquals(row.toString(), "PLANNED", row.path("step").path("status").asText());
            assertEquals(row.toString(), "rep3", row.path("ownerRep").asText());
            assertEquals(row.toString(), "OPEN", row.path("caseStatus").asText());
            assertFalse(row.toString(), row.path("customerName").asText().isBlank());
            assertFalse(row.toString(), row.path("step").path("instructions").asText().isBlank());
            Instant due = instant(row.path("step").path("dueAt"));
            assertTrue("sorted by due time: " + mine, !due.isBefore(previous));
            previous = due;
        }
        JsonNode first = rows.get(0);
        assertEquals(first.toString(), id(apologise), id(first.path("step")));
        assertEquals(first.toString(), id(late), first.path("caseId").asText());
        assertEquals(first.toString(), lateCustomer, first.path("customerId").asText());
        assertEquals(first.toString(), "East Late AG", first.path("customerName").asText());
        assertEquals(first.toString(), "surprise24", first.path("strategy").asText());
        assertTrue(first.toString(), first.path("escalated").asBoolean());
        assertEquals(first.toString(), "boss", first.path("step").path("escalatedTo").asText());
        for (JsonNode row : rows.subList(1, rows.size())) {
            assertFalse(row.toString(), row.path("escalated").asBoolean());
        }

        // due windows
        List<JsonNode> overdue = list(get("/api/v1/steps?assignee=me&status=PLANNED&due=overdue", REP3)
                .assertStatus(200).json());
        assertEquals(overdue.toString(), 1, overdue.size());
        assertEquals(id(apologise), id(overdue.get(0).path("step")));
        List<JsonNode> todayRows = list(get("/api/v1/steps?assignee=me&due=today", REP3).assertStatus(200).json());
        Instant endOfToday = today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertTrue(todayRows.toString(), todayRows.stream().anyMatch(r -> id(r.path("step")).equals(id(apologise))));
        todayRows.forEach(r -> assertTrue(r.toString(), instant(r.path("step").path("dueAt")).isBefore(endOfToday)));
        List<JsonNode> week = list(get("/api/v1/steps?assignee=me&due=week", REP3).assertStatus(200).json());
        assertEquals(week.toString(), rows.size(), week.size());
        week.forEach(r -> assertTrue(r.toString(), instant(r.path("step").path("dueAt"))
                .isBefore(Instant.now().plus(Duration.ofDays(7)))));

        // boss's worklist has the manager steps of rep3's cases
        List<JsonNode> boss = list(get("/api/v1/steps?assignee=me&status=PLANNED", BOSS).assertStatus(200).json());
        Set<String> bossSteps = new HashSet<>();
        boss.forEach(r -> bossSteps.add(r.path("step").path("name").asText()));
        assertEquals(boss.toString(), Set.of("choose-approach", "feedback-system", "strengths-known",
                "internal-feedback", "rescue-system"), bossSteps);
        boss.forEach(r -> assertEquals(r.toString(), "rep3", r.path("ownerRep").asText()));

        // who may see whose; paging; bad parameters
        assertProblem(get("/api/v1/steps?assignee=rep1", REP3), 403);
        JsonNode seenByManager = get("/api/v1/steps?assignee=rep3&status=PLANNED", MANAGER).assertStatus(200).json();
        assertEquals(rows.size(), seenByManager.path("total").asInt());
        JsonNode page = get("/api/v1/steps?assignee=me&size=2&page=1", REP3).assertStatus(200).json();
        assertEquals(page.toString(), 2, list(page).size());
        assertEquals(page.toString(), rows.size(), page.path("total").asInt());
        assertEquals(id(rows.get(2).path("step")), id(list(page).get(0).path("step")));
        assertTrue(assertProblem(get("/api/v1/steps?assignee=me&due=someday", REP3), 400).toString()
                .contains("due"));
        assertTrue(assertProblem(get("/api/v1/steps?assignee=me&status=SOMETIME", REP3), 400).toString()
                .contains("status"));

        // and boss does the team's manager step
        JsonNode chosen = complete(hostile, "choose-approach", "FUN_GIFT", "A hamper", BOSS).recoveryCase();
        assertEquals("rep3", planned(chosen, "send-gift").path("assignee").asText());
    }

    @Test
    public void caseListRowsCarryTheCustomerNameAndTheNextStep() {
        String customer = newCustomer(REP1, "Listed Rows GmbH");
        JsonNode c = openCase(REP1, customer, "LAPSED", "price", null);
        JsonNode row = get("/api/v1/cases?customerId=" + customer, REP1).assertStatus(200).json().path("items")
                .get(0);
        assertEquals(row.toString(), id(c), id(row));
        assertEquals(row.toString(), "Listed Rows GmbH", row.path("customerName").asText());
        JsonNode next = row.path("nextStep");
        JsonNode factFind = planned(c, "fact-find");
        assertEquals(next.toString(), "fact-find", next.path("name").asText());
        assertEquals(next.toString(), "rep1", next.path("assignee").asText());
        assertEquals(next.toString(), instant(factFind.path("dueAt")), instant(next.path("dueAt")));

        // the next step is the earliest due: after the fact-find, the explanation
        JsonNode after = complete(c, "fact-find", "FACTS_FOUND", "Facts", REP1).recoveryCase();
        JsonNode nextAfter = get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("items").get(0)
                .path("nextStep");
        assertEquals(nextAfter.toString(), "explain-changes", nextAfter.path("name").asText());
        assertEquals(instant(planned(after, "explain-changes").path("dueAt")), instant(nextAfter.path("dueAt")));

        // a closed case has none
        close(after, MANAGER, json().put("status", "CLOSED_NEVER").put("notes", "Gone")).assertStatus(200);
        JsonNode closedRow = get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("items").get(0);
        assertTrue(closedRow.toString(), closedRow.path("nextStep").isNull()
                || closedRow.path("nextStep").isMissingNode());
        assertEquals("Listed Rows GmbH", closedRow.path("customerName").asText());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Point 7: cases can be corrected; one running case per customer

    @Test
    public void patchCorrectsACaseWithIfMatchAndMovesTheOwnersSteps() {
        String customer = newCustomer(REP1, "Corrected Ltd");
        // a review: three questions for the owner, four for the manager
        // (force: see openParallel; the review is only a case with steps for both the owner and the manager here)
        JsonNode c = post("/api/v1/cases", MANAGER, caseBody(customer, "LOST_DEAL", "price", "pitstop")
                .put("ownerRep", "rep1").put("force", true)).assertStatus(201).json();
        String path = "/api/v1/cases/" + id(c);
        int auditBefore = auditRows(id(c)).size();
        String tag = etag(get(path, REP1));

        assertProblem(patch(path, REP1, json().put("notes", "Lost on price, not service"), null), 428);
        ApiResponse notes = patch(path, REP1, json().put("notes", "Lost on price, not service"), tag)
                .assertStatus(200);
        assertEquals("Lost on price, not service", notes.json().path("notes").asText());
        assertNotEquals(tag, etag(notes));
        assertProblem(patch(path, REP1, json().put("notes", "again"), tag), 412);
        tag = etag(notes);

        // the owner: a manager's call, and only to a user of the realm with a Winback role
        assertProblem(patch(path, REP1, json().put("ownerRep", "rep2"), tag), 403);
        assertEquals("ownerRep", field(assertProblem(patch(path, MANAGER, json().put("ownerRep", "ghost"), tag),
                400)));
        assertEquals("ownerRep", field(assertProblem(patch(path, MANAGER, json().put("ownerRep", "viewer1"), tag),
                400)));
        assertEquals("lossReason", field(assertProblem(patch(path, MANAGER, json().put("lossReason", "aliens"), tag),
                422)));
        assertEquals(notes.json(), getCase(id(c), MANAGER));

        ApiResponse moved = patch(path, MANAGER, json().put("ownerRep", "rep2").put("lossReason", "competitor"), tag)
                .assertStatus(200);
        JsonNode after = moved.json();
        assertEquals("rep2", after.path("ownerRep").asText());
        assertEquals("competitor", after.path("lossReason").asText());
        for (String q : List.of("clear-expectations", "followed-request", "responded-to-complaints")) {
            assertEquals("the owner's steps move: " + after, "rep2", planned(after, q).path("assignee").asText());
        }
        for (String q : List.of("feedback-system", "strengths-known", "internal-feedback", "rescue-system")) {
            assertEquals("the manager's stay: " + after, "manager", planned(after, q).path("assignee").asText());
        }
        assertProblem(get(path, REP1), 404);
        get(path, REP2).assertStatus(200);
        complete(after, "clear-expectations", "YES", "Written SLA", REP2);

        // notes: null removes them
        JsonNode cleared = patch(path, REP2, json().putNull("notes"), etag(get(path, REP2))).assertStatus(200).json();
        assertTrue(cleared.toString(), cleared.path("notes").isNull() || cleared.path("notes").isMissingNode());

        // audited: one entry per correction, by whom
        List<AuditRow> rows = auditRows(id(c)).subList(auditBefore, auditRows(id(c)).size());
        List<String> actors = new ArrayList<>();
        rows.stream().filter(r -> "case".equals(r.entityType())).forEach(r -> actors.add(r.actor()));
        assertTrue(rows.toString(), actors.containsAll(List.of("rep1", "manager", "rep2")));
        assertTrue(rows.toString(), rows.stream().anyMatch(r -> r.after() != null && r.after().contains("rep2")
                && "manager".equals(r.actor())));
    }

    @Test
    public void aSecondRunningCaseIsRefusedWithALinkUnlessAManagerAsksForIt() {
        String customer = newCustomer(REP1, "One At A Time Ltd");
        JsonNode first = openCase(REP1, customer, "LAPSED", "price", null);
        for (User user : List.of(REP1, MANAGER)) {
            ApiResponse refused = post("/api/v1/cases", user, caseBody(customer, "LOST_DEAL", "competitor", null));
            JsonNode problem = assertProblem(refused, 409);
            assertTrue(refused.toString(), problem.path("existingCase").asText()
                    .endsWith("/api/v1/cases/" + id(first)));
        }
        assertProblem(post("/api/v1/cases", REP1, caseBody(customer, "LOST_DEAL", "competitor", null)
                .put("parallel", true)), 403);
        assertEquals(1, get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("total").asInt());

        JsonNode second = post("/api/v1/cases", MANAGER, caseBody(customer, "LOST_DEAL", "competitor", null)
                .put("parallel", true)).assertStatus(201).json();
        assertEquals("surprise24", second.path("strategy").asText());
        assertEquals(2, get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("total").asInt());

        // once nothing runs, a new case opens as usual
        close(first, MANAGER, json().put("status", "CLOSED_NEVER").put("notes", "Superseded")).assertStatus(200);
        close(second, MANAGER, json().put("status", "CLOSED_NEVER").put("notes", "Superseded")).assertStatus(200);
        openCase(REP1, customer, "LAPSED", "price", null);
    }

    @Test
    public void aStrategyForAnotherLossKindNeedsAManagersForce() {
        String customer = newCustomer(REP1, "Wrong Playbook Ltd");
        JsonNode refused = assertProblem(post("/api/v1/cases", REP1, caseBody(customer, "HOSTILE", "relationship",
                "surprise24")), 422);
        assertEquals("strategy", field(refused));
        assertTrue(refused.toString(), refused.toString().contains("force"));
        assertProblem(post("/api/v1/cases", REP1, caseBody(customer, "HOSTILE", "relationship", "surprise24")
                .put("force", true)), 403);
        assertEquals(0, get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("total").asInt());
        JsonNode forced = post("/api/v1/cases", MANAGER, caseBody(customer, "HOSTILE", "relationship", "surprise24")
                .put("force", true)).assertStatus(201).json();
        assertEquals("surprise24", forced.path("strategy").asText());
        assertEquals("HOSTILE", forced.path("lossKind").asText());
        planned(forced, "apologise");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Point 9: small contract fixes

    @Test
    public void unknownQueryParametersAre400NamingThem() {
        for (String path : List.of("/api/v1/cases?colour=red", "/api/v1/cases?status=OPEN&colour=red",
                "/api/v1/customers?colour=red", "/api/v1/steps?assignee=me&colour=red", "/api/v1/loss-reasons?colour=red",
                "/api/v1/strategies?colour=red")) {
            ApiResponse r = get(path, MANAGER);
            assertProblem(r, 400);
            assertTrue(r.toString(), r.body().contains("colour"));
        }
        get("/api/v1/cases?status=OPEN&size=5&page=0", MANAGER).assertStatus(200);
    }

    @Test
    public void methodNotAllowedAndMediaTypeAnswersSayWhatToSend() {
        ApiResponse delete = delete("/api/v1/strategies", MANAGER);
        assertEquals(delete.toString(), 405, delete.status());
        assertTrue(delete.toString(), delete.header("Allow").orElse("").contains("GET"));
        ApiResponse put = put("/api/v1/cases", MANAGER, json());
        assertEquals(put.toString(), 405, put.status());
        String allow = String.join(",", put.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Allow")).flatMap(e -> e.getValue().stream()).toList());
        assertTrue(put.toString(), allow.contains("GET") && allow.contains("POST"));
        assertTrue(put.toString(), put.body().contains("GET") && put.body().contains("POST"));

        ApiResponse notAcceptable = request("GET", "/api/v1/cases", MANAGER, null, Map.of("Accept", "text/csv"));
        assertEquals(notAcceptable.toString(), 406, notAcceptable.status());
        assertTrue(notAcceptable.toString(), notAcceptable.body().contains("application/json"));

        ApiResponse unsupported = request("POST", "/api/v1/customers", MANAGER, "name=Acme",
                Map.of("Content-Type", "text/plain"));
        assertEquals(unsupported.toString(), 415, unsupported.status());
        assertTrue(unsupported.toString(), unsupported.body().contains("application/json"));
    }

    @Test
    public void theOwnerOfACaseMustBeARealmUserWithAWinbackRole() {
        String customer = newCustomer(REP1, "Owned Properly Ltd");
        for (String owner : List.of("ghost", "viewer1")) {
            JsonNode problem = assertProblem(post("/api/v1/cases", MANAGER, caseBody(customer, "LAPSED", "price", null)
                    .put("ownerRep", owner)), 400);
            assertEquals("ownerRep", field(problem));
            assertTrue(problem.toString(), problem.toString().toLowerCase(Locale.ROOT).contains(owner));
        }
        assertEquals(0, get("/api/v1/cases?customerId=" + customer, MANAGER).json().path("total").asInt());
        JsonNode c = post("/api/v1/cases", MANAGER, caseBody(customer, "LAPSED", "price", null).put("ownerRep", "rep3"))
                .assertStatus(201).json();
        assertEquals("rep3", c.path("ownerRep").asText());
        assertEquals("rep3", planned(c, "fact-find").path("assignee").asText());
    }
}
