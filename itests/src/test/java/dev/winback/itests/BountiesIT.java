package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Issue 9 over HTTP on the distribution, with the six rule features booted: a plan published by a manager; a case
 * won back with a purchase accrues HELD, the customer's next purchase makes it PAYABLE, a manager approves, a payout
 * pays it and the payroll export shows it; a customer lost again within the window claws back; a rep disputes and a
 * manager resolves; a rule uninstalled holds the accrual, installed again calculates it once; the bounty feature
 * itself away and back catches up; every role on every endpoint; bad input refused with problem+json and nothing
 * written; the console commands.
 *
 * <p>Every published plan pays for every win-back it covers, and the tests share one container: each test scopes
 * its plan to a segment of its own and gives its customers that segment.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BountiesIT extends CaseWorkflowSupport {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Map<String, String> CSV = Map.of("Accept", "text/csv");
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final String period = today.toString().substring(0, 7);

    @Override
    protected Option[] extraOptions() {
        return new Option[] {editConfigurationFilePut("etc/dev.winback.core.events.cfg", "pollMillis", "100")};
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    /** A published EUR plan for customers of {@code segment}, with the given rules. */
    private JsonNode publishedPlan(String segment, List<Map<String, Object>> rules, Map<String, Object> settings) {
        ObjectNode body = json().put("name", "IT plan " + segment).put("currency", "EUR")
                .put("validFrom", today.minusMonths(1).toString());
        body.putObject("scope").putArray("segments").add(segment);
        body.set("rules", json("[]"));
        for (Map<String, Object> r : rules) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("rules")).addPOJO(r);
        }
        settings.forEach((k, v) -> body.putPOJO(k, v));
        JsonNode draft = post("/api/v1/bounty-plans", MANAGER, body).assertStatus(201).json();
        assertEquals(draft.toString(), "DRAFT", draft.path("status").asText());
        JsonNode published = post("/api/v1/bounty-plans/" + id(draft) + "/publish", MANAGER, null).assertStatus(200)
                .json();
        assertEquals(published.toString(), "PUBLISHED", published.path("status").asText());
        return published;
    }

    private static Map<String, Object> rule(String name, Map<String, Object> params) {
        return Map.of("rule", name, "params", params);
    }

    /** A customer of rep1 in {@code segment}, in EUR. */
    private String customerIn(String segment) {
        ObjectNode body = json().put("externalId", UUID.randomUUID().toString()).put("source", "bounties-it")
                .put("name", "Customer " + segment).put("ownerRep", "rep1").put("currency", "EUR")
                .put("segment", segment);
        return post("/api/v1/customers", MANAGER, body).assertStatus(201).json().path("id").asText();
    }

    /** A LOST_DEAL case of rep1's, won back by rep1 on a purchase of today with {@code revenue}. */
    private JsonNode wonBack(String customerId, String revenue) {
        JsonNode c = openCase(REP1, customerId, "LOST_DEAL", "price", null);
        return closeWonBack(c, REP1, revenue);
    }

    private List<JsonNode> entriesOf(String caseId, CaseWorkflowSupport.User user) {
        List<JsonNode> entries = new ArrayList<>();
        get("/api/v1/bounties?case=" + caseId + "&size=100", user).assertStatus(200).json().path("items")
                .forEach(entries::add);
        return entries;
    }

    private List<JsonNode> awaitEntries(String caseId, Predicate<List<JsonNode>> done) throws InterruptedException {
        await("bounty entries of case " + caseId, SETTLE, () -> done.test(entriesOf(caseId, MANAGER)),
                () -> entriesOf(caseId, MANAGER) + " accruals " + get("/api/v1/bounties/accruals?case=" + caseId,
                        MANAGER).body());
        return entriesOf(caseId, MANAGER);
    }

    private static List<String> states(List<JsonNode> entries) {
        List<String> states = new ArrayList<>();
        entries.forEach(e -> states.add(e.path("state").asText()));
        return states;
    }

    private static BigDecimal amount(JsonNode entry) {
        return entry.path("amount").decimalValue();
    }

    // ------------------------------------------------------------------------------------------------------------
    // The whole path

    @Test
    public void aWinBackIsHeldReleasedByPaymentApprovedPaidAndExported() throws Exception {
        String segment = "path-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("double-commission", Map.of("multiplier", 2, "baseRate", 0.05))),
                Map.of());
        String customer = customerIn(segment);
        JsonNode won = wonBack(customer, "1000.00");

        List<JsonNode> entries = awaitEntries(id(won), e -> e.size() == 1);
        JsonNode entry = entries.get(0);
        assertEquals(entry.toString(), "HELD", entry.path("state").asText());
        assertEquals(entry.toString(), "rep1", entry.path("rep").asText());
        assertEquals(entry.toString(), 0, new BigDecimal("100.00").compareTo(amount(entry)));
        assertEquals(entry.toString(), "double-commission", entry.path("rule").asText());
        assertEquals(entry.toString(), period, entry.path("period").asText());
        // Held: not approvable yet.
        assertProblem(post("/api/v1/bounties/" + id(entry) + "/approve", MANAGER, null), 409);

        // The customer's first payment after the win-back releases it.
        recordPurchase(customer, REP1, today, "250.00", null);
        entries = awaitEntries(id(won), e -> states(e).equals(List.of("PAYABLE")));
        JsonNode approved = post("/api/v1/bounties/" + id(entry) + "/approve", MANAGER, null).assertStatus(200)
                .json();
        assertEquals("APPROVED", approved.path("state").asText());

        JsonNode explained = get("/api/v1/bounties/" + id(entry) + "/explain", REP1).assertStatus(200).json();
        assertTrue(explained.toString(), explained.path("matches").asBoolean());
        assertEquals(0, new BigDecimal("100.00").compareTo(explained.path("recomputed").decimalValue()));
        assertEquals(explained.toString(), "1000.00", explained.path("facts").path("revenue").decimalValue()
                .setScale(2).toPlainString());

        JsonNode payout = post("/api/v1/bounties/payouts", MANAGER, json().put("period", period)).assertStatus(200)
                .json();
        assertTrue(payout.toString(), payout.path("entries").asInt() >= 1);
        assertEquals("PAID", get("/api/v1/bounties/" + id(entry), REP1).assertStatus(200).json().path("state")
                .asText());
        List<JsonNode> history = new ArrayList<>();
        get("/api/v1/bounties/" + id(entry) + "/history", MANAGER).assertStatus(200).json().forEach(history::add);
        assertEquals(history.toString(), List.of("HELD", "PAYABLE", "APPROVED", "PAID"), history.stream()
                .map(h -> h.path("to").asText()).toList());

        ApiResponse csv = request("GET", "/api/v1/bounties/export.csv?period=" + period, MANAGER, null, CSV)
                .assertStatus(200);
        assertTrue(csv.toString(), csv.header("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body(), csv.body().startsWith("period,rep,currency,approved,paid,total,entries\r\n"));
        // rep1's line is what the payout of the period paid them and what is approved for the next: every test of
        // this container pays rep1, so the line is checked against rep1's entries rather than this one alone
        BigDecimal expected = BigDecimal.ZERO;
        for (JsonNode e : get("/api/v1/bounties?rep=rep1&size=500", MANAGER).assertStatus(200).json().path("items")) {
            boolean toPay = e.path("state").asText().equals("APPROVED")
                    && e.path("period").asText().compareTo(period) <= 0;
            boolean paidNow = e.path("state").asText().equals("PAID") && period.equals(e.path("paidPeriod").asText());
            if (toPay || paidNow) {
                expected = expected.add(amount(e));
            }
        }
        String line = csv.body().lines().filter(l -> l.startsWith(period + ",rep1,EUR,")).findFirst().orElseThrow();
        assertEquals(line, 0, expected.compareTo(new BigDecimal(line.split(",")[5])));
        assertTrue(line, expected.compareTo(new BigDecimal("100.00")) >= 0);

        JsonNode statement = get("/api/v1/bounties/statements/rep1/" + period, REP1).assertStatus(200).json();
        assertTrue(statement.toString(), statement.path("entries").findValuesAsText("id").contains(id(entry)));
        ApiResponse statementCsv = request("GET", "/api/v1/bounties/statements/rep1/" + period, REP1, null,
                CSV).assertStatus(200);
        assertTrue(statementCsv.body(), statementCsv.body().contains(id(entry)));
    }

    @Test
    public void aCustomerLostAgainWithinTheWindowTakesTheBountyBack() throws Exception {
        String segment = "claw-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("fixed-bounty", Map.of())), Map.of("clawbackDays", 30));
        String customer = customerIn(segment);
        JsonNode won = wonBack(customer, "300.00");
        JsonNode entry = awaitEntries(id(won), e -> e.size() == 1).get(0);
        assertEquals(0, new BigDecimal("250").compareTo(amount(entry)));

        openCase(MANAGER, customer, "LAPSED", "price", null);
        List<JsonNode> after = awaitEntries(id(won), e -> e.size() == 2);
        JsonNode reversal = after.stream().filter(e -> e.path("kind").asText().equals("CLAWBACK")).findFirst()
                .orElseThrow();
        assertEquals(reversal.toString(), id(entry), reversal.path("refersTo").asText());
        assertEquals(0, amount(entry).negate().compareTo(amount(reversal)));
        assertEquals(List.of("REVERSED", "REVERSED"), states(after));
        JsonNode explained = get("/api/v1/bounties/" + id(reversal) + "/explain", MANAGER).assertStatus(200).json();
        assertTrue(explained.toString(), explained.path("matches").asBoolean());
    }

    @Test
    public void aRepDisputesAManagerResolvesAndNoRepSeesAnothersEntries() throws Exception {
        String segment = "dispute-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("double-commission", Map.of("baseRate", 0.1))), Map.of("holdback",
                false));
        JsonNode won = wonBack(customerIn(segment), "500.00");
        JsonNode entry = awaitEntries(id(won), e -> e.size() == 1).get(0);
        assertEquals("ACCRUED", entry.path("state").asText());
        String path = "/api/v1/bounties/" + id(entry);

        // rep2 neither sees nor touches rep1's entry; reps do not approve or resolve
        assertProblem(get(path, REP2), 404);
        assertProblem(get(path + "/explain", REP2), 404);
        assertProblem(post(path + "/dispute", REP2, json().put("reason", "mine")), 404);
        assertProblem(get("/api/v1/bounties?rep=rep1", REP2), 403);
        assertProblem(get("/api/v1/bounties/statements/rep1/" + period, REP2), 403);
        assertFalse(get("/api/v1/bounties?size=500", REP2).assertStatus(200).json().path("items")
                .findValuesAsText("rep").contains("rep1"));
        assertProblem(post(path + "/approve", REP1, null), 403);
        assertProblem(post(path + "/resolve", REP1, json().put("decision", "REJECT").put("note", "x")), 403);
        assertProblem(post("/api/v1/bounties/payouts", REP1, json().put("period", period)), 403);
        assertProblem(request("GET", "/api/v1/bounties/export.csv?period=" + period, REP1, null, CSV), 403);
        assertProblem(get("/api/v1/bounties/accruals", REP1), 403);

        // the rep disputes, with a reason; the manager adjusts
        assertEquals("body.reason or reason", "reason", field(assertProblem(post(path + "/dispute", REP1, json()),
                400)));
        JsonNode disputed = post(path + "/dispute", REP1, json().put("reason", "The order was 600, not 500"))
                .assertStatus(200).json();
        assertEquals("OPEN", disputed.path("dispute").path("status").asText());
        assertProblem(post(path + "/approve", MANAGER, null), 409);
        assertEquals("amount", field(assertProblem(post(path + "/resolve", MANAGER, json().put("decision", "ADJUST")
                .put("note", "Second invoice")), 400)));
        JsonNode resolved = post(path + "/resolve", MANAGER, json().put("decision", "ADJUST").put("amount", 20)
                .put("note", "The second invoice of 100 was missed")).assertStatus(200).json();
        assertEquals("ADJUSTED", resolved.get(0).path("dispute").path("status").asText());
        JsonNode adjustment = resolved.get(1);
        assertEquals("ADJUSTMENT", adjustment.path("kind").asText());
        assertEquals(id(entry), adjustment.path("refersTo").asText());
        assertEquals(0, new BigDecimal("20.00").compareTo(amount(adjustment)));
        assertProblem(post(path + "/resolve", MANAGER, json().put("decision", "REJECT").put("note", "again")), 409);
        assertEquals(2, entriesOf(id(won), REP1).size());
        assertEquals(0, entriesOf(id(won), REP2).size());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Hot swap

    @Test
    public void aRuleUninstalledHoldsTheAccrualAndInstalledAgainCalculatesItOnce() throws Exception {
        String segment = "swap-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("lifetime-value-share", Map.of("share", 0.1)),
                rule("fixed-bounty", Map.of("amounts", Map.of("LOST_DEAL", 75)))), Map.of());
        featuresService.uninstallFeature("winback-bounty-rule-fixed-bounty");
        JsonNode won;
        try {
            won = wonBack(customerIn(segment), "100.00");
            await("the accrual waits for fixed-bounty", SETTLE, () -> get("/api/v1/bounties/accruals?status=WAITING"
                    + "&case=" + id(won), MANAGER).json().findValuesAsText("waitingFor").toString().contains(
                    "fixed-bounty") || get("/api/v1/bounties/accruals?status=WAITING&case=" + id(won), MANAGER)
                    .json().toString().contains("fixed-bounty"), () -> get("/api/v1/bounties/accruals?case="
                    + id(won), MANAGER).body());
            assertEquals(List.of(), entriesOf(id(won), MANAGER));
            // the rules list says what is there
            assertFalse(get("/api/v1/bounty-rules", REP1).assertStatus(200).body().contains("\"fixed-bounty\""));
        } finally {
            featuresService.installFeature("winback-bounty-rule-fixed-bounty");
        }
        List<JsonNode> entries = awaitEntries(id(won), e -> e.size() == 1);
        assertEquals(0, new BigDecimal("75").compareTo(amount(entries.get(0))));
        // once: the arrival, the start-up sweep and redelivered events find it done
        Thread.sleep(2000);
        assertEquals(1, entriesOf(id(won), MANAGER).size());
        JsonNode accrual = get("/api/v1/bounties/accruals?case=" + id(won), MANAGER).json().get(0);
        assertEquals(accrual.toString(), "DONE", accrual.path("status").asText());
    }

    @Test
    public void theBountyFeatureAwayAndBackCatchesUpOnTheWinBacksOfTheMeantime() throws Exception {
        String segment = "away-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("fixed-bounty", Map.of())), Map.of());
        featuresService.uninstallFeature("winback-bounty");
        JsonNode won;
        try {
            awaitApiReady();
            await("the bounty resources are gone", SETTLE, () -> get("/api/v1/bounties", MANAGER).status() == 404,
                    () -> get("/api/v1/bounties", MANAGER).toString());
            won = wonBack(customerIn(segment), "80.00");
        } finally {
            featuresService.installFeature("winback-bounty");
        }
        awaitApiReady();
        await("the bounty resources are back", SETTLE, () -> get("/api/v1/bounties", MANAGER).status() == 200,
                () -> get("/api/v1/bounties", MANAGER).toString());
        List<JsonNode> entries = awaitEntries(id(won), e -> e.size() == 1);
        assertEquals(0, new BigDecimal("250").compareTo(amount(entries.get(0))));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Plans: roles and bad input

    @Test
    public void plansAreReadByEveryoneWrittenByManagersAndCheckedAsAWhole() {
        ObjectNode bad = json().put("currency", "XYZ").put("validFrom", "2026-02-01").put("validTo", "2026-01-01");
        bad.set("rules", json("[{\"rule\": \"double-commission\", \"params\": {\"baseRate\": \"five\"}}]"));
        long[] before = auditTotals();
        JsonNode problem = assertProblem(post("/api/v1/bounty-plans", MANAGER, bad), 400);
        assertTrue(problem.toString(), problem.toString().contains("rules[0].params.baseRate"));
        assertTrue(problem.toString(), problem.toString().contains("currency"));
        assertTrue(problem.toString(), problem.toString().contains("validTo"));
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(auditTotals()));
        assertProblem(post("/api/v1/bounty-plans", MANAGER, json("{\"name\": \"x\", \"bogus\": 1}")), 400);

        ObjectNode good = json().put("name", "Role check").put("currency", "EUR").put("validFrom", "2026-01-01");
        good.putObject("scope").putArray("segments").add("roles-" + UUID.randomUUID());
        good.set("rules", json("[{\"rule\": \"fixed-bounty\", \"params\": {}}]"));
        assertProblem(post("/api/v1/bounty-plans", REP1, good), 403);
        JsonNode draft = post("/api/v1/bounty-plans", MANAGER, good).assertStatus(201).json();
        assertEquals(id(draft), id(get("/api/v1/bounty-plans/" + id(draft), REP1).assertStatus(200).json()));
        assertProblem(post("/api/v1/bounty-plans/" + id(draft) + "/publish", REP1, null), 403);
        assertProblem(get("/api/v1/bounty-plans/" + UUID.randomUUID(), REP1), 404);
        assertProblem(get("/api/v1/bounty-plans/not-a-uuid", REP1), 404);
        assertEquals(401, get("/api/v1/bounty-plans").status());

        // a rule that is not installed: fine in a draft, refused at publication
        ObjectNode missing = good.deepCopy();
        missing.set("rules", json("[{\"rule\": \"no-such-rule\", \"params\": {}}]"));
        JsonNode waiting = post("/api/v1/bounty-plans", MANAGER, missing).assertStatus(201).json();
        JsonNode refused = assertProblem(post("/api/v1/bounty-plans/" + id(waiting) + "/publish", MANAGER, null),
                422);
        assertTrue(refused.toString(), refused.toString().contains("winback-bounty-rule-no-such-rule"));

        assertProblem(get("/api/v1/bounties?period=2026-13", MANAGER), 400);
        assertProblem(get("/api/v1/bounties?state=LOST", MANAGER), 400);
        assertProblem(request("GET", "/api/v1/bounties/export.csv", MANAGER, null, CSV), 400);
        // asked for JSON, the CSV export answers that it has none
        assertEquals(406, get("/api/v1/bounties/export.csv?period=" + period, MANAGER).status());
        assertProblem(post("/api/v1/bounties/payouts", MANAGER, json().put("period", "1999-01")), 422);
        assertEquals(6, get("/api/v1/bounty-rules", REP1).assertStatus(200).json().size());
    }

    @Test
    public void theConsoleListsBountiesAndPaysOutAPeriod() throws Exception {
        String segment = "console-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("fixed-bounty", Map.of())), Map.of("holdback", false));
        JsonNode won = wonBack(customerIn(segment), "10.00");
        JsonNode entry = awaitEntries(id(won), e -> e.size() == 1).get(0);
        post("/api/v1/bounties/" + id(entry) + "/approve", MANAGER, null).assertStatus(200);

        Shell listed = run("winback:bounties --rep rep1 --state APPROVED");
        assertTrue(listed.toString(), listed.out().contains(id(entry)));
        Shell paid = run("winback:payouts " + period);
        assertTrue(paid.toString(), paid.out().contains("paid by admin"));
        assertEquals("PAID", get("/api/v1/bounties/" + id(entry), MANAGER).json().path("state").asText());
        Shell wrong = run("winback:payouts 2026-13");
        assertTrue(wrong.toString(), wrong.all().contains("yyyy-MM"));
        assertFalse(wrong.toString(), wrong.all().contains("\tat "));
    }

    @Test
    public void everyEntryOfThePeriodRecomputesFromItsFrozenEvidence() throws Exception {
        String segment = "replay-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("double-commission", Map.of("baseRate", 0.0333)),
                rule("finder-closer-split", Map.of("finderShare", 0.4, "closerShare", 0.6)),
                rule("accelerator", Map.of("after", 1, "multiplier", 1.5)),
                rule("cap", Map.of("perCase", 50))), Map.of());
        for (String revenue : new String[] {"999.99", "1234.56", "10.01"}) {
            JsonNode won = wonBack(customerIn(segment), revenue);
            awaitEntries(id(won), e -> !e.isEmpty());
        }
        int checked = 0;
        for (JsonNode e : get("/api/v1/bounties?period=" + period + "&size=500", MANAGER).assertStatus(200).json()
                .path("items")) {
            JsonNode x = get("/api/v1/bounties/" + id(e) + "/explain", MANAGER).assertStatus(200).json();
            if (e.path("kind").asText().equals("ADJUSTMENT")) {
                continue; // a manager's decision: nothing to recompute
            }
            assertTrue(x.toString(), x.path("matches").asBoolean());
            assertEquals(x.toString(), 0, amount(e).compareTo(x.path("recomputed").decimalValue()));
            checked++;
        }
        assertTrue("entries checked: " + checked, checked >= 3);
    }

    @Test
    public void aPlanChangeIsPreviewedPerRepAndAppliedOnlyOnConfirmation() throws Exception {
        String segment = "recalc-" + UUID.randomUUID();
        JsonNode plan = publishedPlan(segment, List.of(rule("double-commission", Map.of("baseRate", 0.05))),
                Map.of());
        JsonNode won = wonBack(customerIn(segment), "1000.00");
        awaitEntries(id(won), e -> e.size() == 1);
        String path = "/api/v1/bounty-plans/" + id(plan);

        JsonNode v2 = get(path, MANAGER).assertStatus(200).json().deepCopy();
        ((ObjectNode) v2.get("rules").get(0).get("params")).put("baseRate", 0.06);
        for (String readOnly : new String[] {"id", "version", "status", "createdBy", "createdAt", "updatedAt",
            "publishedBy", "publishedAt", "versions"}) {
            ((ObjectNode) v2).remove(readOnly);
        }
        JsonNode draft = putCurrent(path, MANAGER, v2).assertStatus(200).json();
        assertEquals(draft.toString(), 2, draft.path("version").asInt());

        assertProblem(get(path + "/recalculation", REP1), 403);
        JsonNode preview = get(path + "/recalculation", MANAGER).assertStatus(200).json();
        assertEquals(preview.toString(), 1, preview.path("accruals").asInt());
        JsonNode rep1 = preview.path("reps").get(0);
        assertEquals(preview.toString(), "rep1", rep1.path("rep").asText());
        // 2 × 5 % × 1000 = 100 → 2 × 6 % × 1000 = 120
        assertEquals(preview.toString(), 0, new BigDecimal("20").compareTo(rep1.path("difference").decimalValue()));
        assertEquals(1, entriesOf(id(won), MANAGER).size());

        assertEquals("token", field(assertProblem(post(path + "/recalculation", MANAGER, json()), 400)));
        assertProblem(post(path + "/recalculation", MANAGER, json().put("token", "stale")), 409);
        JsonNode applied = post(path + "/recalculation", MANAGER, json().put("token", preview.path("token")
                .asText())).assertStatus(200).json();
        assertEquals(applied.toString(), 1, applied.path("entriesWritten").asInt());
        assertEquals("PUBLISHED", get(path, REP1).assertStatus(200).json().path("status").asText());
        JsonNode difference = entriesOf(id(won), MANAGER).stream().filter(e -> e.path("kind").asText()
                .equals("RECALCULATION")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("20.00").compareTo(amount(difference)));
        assertTrue(get("/api/v1/bounties/" + id(difference) + "/explain", REP1).assertStatus(200).json()
                .path("matches").asBoolean());
    }

    @Test
    public void theRepWhoMadeTheFirstContactSharesWithTheRepWhoClosed() throws Exception {
        String segment = "split-" + UUID.randomUUID();
        publishedPlan(segment, List.of(rule("double-commission", Map.of("baseRate", 0.05)),
                rule("finder-closer-split", Map.of("finderShare", 0.4, "closerShare", 0.6))), Map.of());
        // rep1 apologises (the first contact), then the case moves to rep2, who wins the customer back
        JsonNode c = openCase(REP1, customerIn(segment), "LOST_DEAL", "price", "surprise24");
        complete(c, "apologise", "APOLOGISED", "Called their buyer the same afternoon", REP1);
        String path = "/api/v1/cases/" + id(c);
        patch(path, MANAGER, json().put("ownerRep", "rep2"), etag(get(path, MANAGER))).assertStatus(200);
        JsonNode won = closeWonBack(getCase(id(c), MANAGER), REP2, "1000.00");

        // 2 × 5 % × 1000 = 100: 40 % to the finder, 60 % to the closer
        List<JsonNode> entries = awaitEntries(id(won), e -> e.size() == 2);
        Map<String, BigDecimal> byRep = new java.util.TreeMap<>();
        entries.forEach(e -> byRep.put(e.path("rep").asText(), amount(e)));
        assertEquals(entries.toString(), 0, new BigDecimal("40.00").compareTo(byRep.get("rep1")));
        assertEquals(entries.toString(), 0, new BigDecimal("60.00").compareTo(byRep.get("rep2")));
        JsonNode finderLine = entries.stream().filter(e -> e.path("rep").asText().equals("rep1")).findFirst()
                .orElseThrow();
        JsonNode explained = get("/api/v1/bounties/" + id(finderLine) + "/explain", REP1).assertStatus(200).json();
        assertTrue(explained.toString(), explained.path("matches").asBoolean());
        assertEquals("rep1", explained.path("facts").path("finder").asText());
        assertEquals("rep2", explained.path("facts").path("closer").asText());
        // a rep's explanation keeps other reps' figures to themselves
        assertTrue(explained.toString(), explained.path("steps").isMissingNode() || explained.path("steps").isNull());
        explained.path("facts").path("tallies").forEach(byRepTally -> byRepTally.fieldNames().forEachRemaining(
                rep -> assertEquals(explained.toString(), "rep1", rep)));
    }
}
