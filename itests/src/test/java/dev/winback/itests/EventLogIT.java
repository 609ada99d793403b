package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 8, point 1 over HTTP: every change to customers, cases, steps, whys, agreements and contact blocks, every
 * finished import and every detection finding shows up in {@code GET /api/v1/events} with its type, the entity's
 * id, who did it and the entity after the change; the log is read forwards with a cursor ({@code after} and
 * {@code next}, a {@code Link} header on full pages), filtered by type (repeated or comma-separated), and only by
 * admins. A refused request writes nothing.
 *
 * <p>One container: the overdue sweep runs every 2 seconds so that an escalation can be watched, and
 * {@code winback-strategy-surprise24} is uninstalled and installed again (its cases pause and resume).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventLogIT extends CaseWorkflowSupport {
    private static final String EVENTS = "/api/v1/events";
    private static final String SURPRISE24 = "winback-strategy-surprise24";
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** What one event shows, no more, no less. */
    private static final Set<String> EVENT_FIELDS =
            Set.of("id", "type", "occurredAt", "entityType", "entityId", "actor", "payload");
    /** The types of winback-api's EventTypes, written out: the test checks the API, not itself. */
    private static final Set<String> TYPES = Set.of("customer.created", "customer.updated",
            "customer.contact-blocked", "customer.contact-unblocked", "purchase.recorded", "case.opened",
            "case.step.completed", "case.escalated", "case.why.recorded", "case.agreement.recorded",
            "case.condition.checked", "case.corrected", "case.paused", "case.resumed", "case.closed",
            "detection.flagged", "import.completed", "survey.invited", "survey.answered", "improvement.published",
            "improvement.customer-notified");
    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/dev.winback.core.overdue.cfg", "intervalSeconds", "2"),
        };
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reading the log



    private static List<JsonNode> about(List<JsonNode> events, String entityId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : events) {
            if (entityId.equals(e.path("entityId").asText())) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : events) {
            if (type.equals(e.path("type").asText())) {
                found.add(e);
            }
        }
        return found;
    }

    private static List<String> types(List<JsonNode> events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }


    /** The one event of {@code type} about {@code entityId} after the cursor. */
    private JsonNode one(long cursor, String type, String entityId) {
        List<JsonNode> found = ofType(about(eventsAfter(cursor), entityId), type);
        assertEquals("one " + type + " about " + entityId + " after " + cursor + ": " + found, 1, found.size());
        return found.get(0);
    }

    /** Waits (bounded) for an event of {@code type} after the cursor that {@code matches}; fails with the log. */
    private JsonNode awaitEvent(long cursor, String type, Predicate<JsonNode> matches, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<JsonNode> events;
        do {
            events = eventsAfter(cursor);
            for (JsonNode e : ofType(events, type)) {
                if (matches.test(e)) {
                    return e;
                }
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + type + " event for " + what + " within " + SETTLE + "; the log after "
                + cursor + " holds " + summary(events));
    }

    private static String summary(List<JsonNode> events) {
        StringBuilder sb = new StringBuilder("[");
        for (JsonNode e : events) {
            sb.append("\n  ").append(e.path("id").asText()).append(' ').append(e.path("type").asText()).append(' ')
                    .append(e.path("entityType").asText()).append('/').append(e.path("entityId").asText())
                    .append(" by ").append(e.path("actor").asText());
        }
        return sb.append(events.isEmpty() ? "]" : "\n]").toString();
    }

    /**
     * Checks the envelope of an event: its fields, type, entity, actor (null: a {@code system:...} actor), a recent
     * {@code occurredAt}, and a payload that is a JSON object (not a string holding one). Returns the payload.
     */
    private static JsonNode assertEvent(JsonNode e, String type, String entityType, String entityId, String actor) {
        String where = e.toString();
        assertEnvelope(e);
        assertEquals(where, type, e.path("type").asText());
        if (entityType != null) {
            assertEquals(where, entityType, e.path("entityType").asText());
        }
        assertEquals(where, entityId, e.path("entityId").asText());
        if (actor == null) {
            assertTrue("Winback's own work is done by system:...: " + where,
                    e.path("actor").asText().startsWith("system:"));
        } else {
            assertEquals(where, actor, e.path("actor").asText());
        }
        Instant at = instant(e.path("occurredAt"));
        assertTrue("occurredAt is recent: " + where, at.isAfter(Instant.now().minus(Duration.ofMinutes(15)))
                && at.isBefore(Instant.now().plus(DUE_TOLERANCE)));
        return e.path("payload");
    }

    /** What every event looks like, whatever its type. */
    private static void assertEnvelope(JsonNode e) {
        String where = e.toString();
        Set<String> fields = new LinkedHashSet<>();
        e.fieldNames().forEachRemaining(fields::add);
        assertEquals(where, EVENT_FIELDS, fields);
        assertTrue(where, e.path("id").isIntegralNumber() && e.path("id").asLong() > 0);
        assertTrue("a known type: " + where, TYPES.contains(e.path("type").asText()));
        assertFalse(where, e.path("entityType").asText().isBlank());
        assertFalse(where, e.path("entityId").asText().isBlank());
        assertFalse(where, e.path("actor").asText().isBlank());
        instant(e.path("occurredAt"));
        assertTrue("the payload is embedded JSON, not a string: " + where, e.path("payload").isObject());
    }

    private static void assertAscending(List<JsonNode> events) {
        long last = 0;
        for (JsonNode e : events) {
            long id = e.path("id").asLong();
            assertTrue("ids ascend: " + summary(events), id > last);
            last = id;
        }
    }

    /** The URI of a {@code Link: <...>; rel="next"} header, or null when there is none. */
    private static String nextLink(ApiResponse r) {
        List<String> values = new ArrayList<>();
        r.headers().forEach((name, v) -> {
            if (name.equalsIgnoreCase("Link")) {
                values.addAll(v);
            }
        });
        for (String value : values) {
            Matcher m = LINK.matcher(value);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Changes and their events

    @Test
    public void customerChangesAreLoggedInOrderWithTheCustomerAfterEachChange() {
        long cursor = head();
        String externalId = "EV-" + UUID.randomUUID();
        ObjectNode body = json().put("externalId", externalId).put("source", "events-it")
                .put("name", "Event Horizon GmbH").put("ownerRep", "rep1").put("lifetimeValue", 42000)
                .put("currency", "EUR");
        JsonNode created = post("/api/v1/customers", MANAGER, body).assertStatus(201).json();
        String customerId = id(created);

        ApiResponse read = get("/api/v1/customers/" + customerId, MANAGER).assertStatus(200);
        ObjectNode change = (ObjectNode) read.json();
        change.put("name", "Event Horizon AG");
        JsonNode updated = request("PUT", "/api/v1/customers/" + customerId, MANAGER, change,
                Map.of("If-Match", etag(read))).assertStatus(200).json();

        JsonNode blocked = post("/api/v1/customers/" + customerId + "/contact-block", MANAGER,
                json().put("reason", "Phoned: stop calling us (Art. 21 GDPR)")).assertStatus(200).json();
        JsonNode lifted = request("DELETE", "/api/v1/customers/" + customerId
                + "/contact-block?reason=Signed+consent+form+received", ADMIN, null, Map.of()).assertStatus(200)
                .json();

        List<JsonNode> events = about(eventsAfter(cursor), customerId);
        assertEquals(summary(events), List.of("customer.created", "customer.updated", "customer.contact-blocked",
                "customer.contact-unblocked"), types(events));
        assertAscending(events);

        JsonNode p = assertEvent(events.get(0), "customer.created", "customer", customerId, "manager");
        assertEquals(p.toString(), customerId, p.path("id").asText());
        assertEquals(p.toString(), externalId, p.path("externalId").asText());
        assertEquals(p.toString(), "events-it", p.path("source").asText());
        assertEquals(p.toString(), "Event Horizon GmbH", p.path("name").asText());
        assertEquals(p.toString(), "rep1", p.path("ownerRep").asText());
        assertEquals(p.toString(), created.path("version").asLong(), p.path("version").asLong());

        p = assertEvent(events.get(1), "customer.updated", "customer", customerId, "manager");
        assertEquals(p.toString(), "Event Horizon AG", p.path("name").asText());
        assertEquals(p.toString(), updated.path("version").asLong(), p.path("version").asLong());

        p = assertEvent(events.get(2), "customer.contact-blocked", "customer", customerId, "manager");
        assertTrue(p.toString(), p.path("contactBlocked").path("reason").asText().contains("Art. 21 GDPR"));
        assertEquals(p.toString(), "manager", p.path("contactBlocked").path("setBy").asText());
        assertEquals(p.toString(), blocked.path("version").asLong(), p.path("version").asLong());

        p = assertEvent(events.get(3), "customer.contact-unblocked", "customer", customerId, "admin");
        assertTrue(p.toString(), p.path("contactBlocked").isNull() || p.path("contactBlocked").isMissingNode());
        assertEquals(p.toString(), "Signed consent form received", p.path("changeReason").asText());
        assertEquals(p.toString(), lifted.path("version").asLong(), p.path("version").asLong());
    }

    @Test
    public void aCaseIsLoggedFromOpeningToClosingOneEventPerChange() {
        String customerId = newCustomer(REP1, "Event Case Logistics");
        long cursor = head();
        JsonNode opened = openCase(REP1, customerId, "LAPSED", "late-delivery", null);
        String caseId = id(opened);
        Done factFound = complete(opened, "fact-find", "FACTS_FOUND", "Three late deliveries in May", REP1);
        JsonNode withWhy = recordWhy(factFound.recoveryCase());
        JsonNode withAgreement = recordAgreement(withWhy);
        String path = "/api/v1/cases/" + caseId;
        JsonNode corrected = patch(path, MANAGER, json().put("notes", "Lost over late deliveries, not price"),
                etag(get(path, MANAGER))).assertStatus(200).json();
        JsonNode closed = post(path + "/close", MANAGER, json().put("status", "CLOSED_NEVER")
                .put("notes", "Signed with a competitor for three years")).assertStatus(200).json();
        assertClosed(closed, "CLOSED_NEVER", false);

        List<JsonNode> events = about(eventsAfter(cursor), caseId);
        assertEquals(summary(events), List.of("case.opened", "case.step.completed", "case.why.recorded",
                "case.agreement.recorded", "case.corrected", "case.closed"), types(events));
        assertAscending(events);

        JsonNode p = assertEvent(events.get(0), "case.opened", "case", caseId, "rep1");
        assertEquals(p.toString(), caseId, p.path("id").asText());
        assertEquals(p.toString(), customerId, p.path("customerId").asText());
        assertEquals(p.toString(), "OPEN", p.path("status").asText());
        assertEquals(p.toString(), "LAPSED", p.path("lossKind").asText());
        assertEquals(p.toString(), "fivestep", p.path("strategy").asText());
        assertTrue("the case with its first steps: " + p, p.path("steps").isArray() && p.path("steps").size() > 0);
        assertEquals(p.toString(), opened.path("steps").size(), p.path("steps").size());
        assertEquals(p.toString(), "PLANNED", planned(p, "fact-find").path("status").asText());
        assertEquals(p.toString(), opened.path("version").asLong(), p.path("version").asLong());

        p = assertEvent(events.get(1), "case.step.completed", "case", caseId, "rep1");
        JsonNode done = stepById(p, id(factFound.step()));
        assertEquals(done.toString(), "DONE", done.path("status").asText());
        assertEquals(done.toString(), "FACTS_FOUND", done.path("outcome").path("code").asText());
        assertEquals(p.toString(), factFound.recoveryCase().path("version").asLong(), p.path("version").asLong());
        assertEquals("the next step is planned in the same change: " + p,
                plannedNames(factFound.recoveryCase()), plannedNames(p));

        p = assertEvent(events.get(2), "case.why.recorded", "case", caseId, "manager");
        assertEquals(p.toString(), 1, p.path("whys").size());
        assertEquals(p.toString(), "Nobody called back after the third wrong invoice",
                p.path("whys").path(0).path("statement").asText());
        assertEquals(p.toString(), withWhy.path("version").asLong(), p.path("version").asLong());

        p = assertEvent(events.get(3), "case.agreement.recorded", "case", caseId, "manager");
        assertEquals(p.toString(), "Jane Roe, CFO", p.path("agreement").path("customerSignatory").asText());
        assertEquals(p.toString(), 2, p.path("agreement").path("conditions").size());
        assertEquals(p.toString(), withAgreement.path("version").asLong(), p.path("version").asLong());

        p = assertEvent(events.get(4), "case.corrected", "case", caseId, "manager");
        assertEquals(p.toString(), "Lost over late deliveries, not price", p.path("notes").asText());
        assertEquals(p.toString(), corrected.path("version").asLong(), p.path("version").asLong());

        p = assertEvent(events.get(5), "case.closed", "case", caseId, "manager");
        assertEquals(p.toString(), "CLOSED_NEVER", p.path("status").asText());
        assertEquals(p.toString(), "manager", p.path("closedBy").asText());
        assertEquals(p.toString(), "Signed with a competitor for three years", p.path("closeNotes").asText());
        assertTrue(p.toString(), p.path("closedAt").isTextual());
        assertEquals(p.toString(), closed.path("version").asLong(), p.path("version").asLong());
    }

    @Test
    public void aWinBackIsLoggedAfterThePurchaseThatProvesIt() {
        String customerId = newCustomer(REP1, "Event Won Back GmbH");
        JsonNode c = openCase(REP1, customerId, "LAPSED", "price", null);
        long cursor = head();
        JsonNode won = closeWonBack(c, REP1, "480.00");
        String purchaseId = won.path("evidence").path("purchaseId").asText();

        List<JsonNode> after = eventsAfter(cursor);
        JsonNode purchase = one(cursor, "purchase.recorded", purchaseId);
        JsonNode p = assertEvent(purchase, "purchase.recorded", null, purchaseId, "rep1");
        assertEquals(p.toString(), purchaseId, p.path("id").asText());
        assertEquals(p.toString(), customerId, p.path("customerId").asText());
        assertEquals(p.toString(), 0, new BigDecimal("99.90").compareTo(p.path("amount").decimalValue()));

        JsonNode closedEvent = one(cursor, "case.closed", id(c));
        p = assertEvent(closedEvent, "case.closed", "case", id(c), "rep1");
        assertEquals(p.toString(), "WON_BACK", p.path("status").asText());
        assertEquals(p.toString(), "PURCHASE", p.path("evidence").path("kind").asText());
        assertEquals(p.toString(), purchaseId, p.path("evidence").path("purchaseId").asText());
        assertEquals(p.toString(), 0, new BigDecimal("480.00").compareTo(p.path("recoveredRevenue").decimalValue()));
        assertEquals(p.toString(), won.path("version").asLong(), p.path("version").asLong());
        assertTrue("the purchase is logged before the close it proves: " + summary(after),
                purchase.path("id").asLong() < closedEvent.path("id").asLong());
    }

    @Test
    public void uninstallingAStrategyPausesItsCasesAndInstallingItResumesThem() throws Exception {
        assertFeatureInstalled(SURPRISE24);
        String customerId = newCustomer(REP1, "Event Hot Swap AG");
        JsonNode c = openCase(REP1, customerId, "LOST_DEAL", "competitor", "surprise24");
        String caseId = id(c);
        long cursor = head();

        featuresService.uninstallFeature(SURPRISE24);
        JsonNode paused;
        try {
            paused = awaitEvent(cursor, "case.paused", e -> caseId.equals(e.path("entityId").asText()), caseId);
        } finally {
            featuresService.installFeature(SURPRISE24);
        }
        JsonNode resumed = awaitEvent(cursor, "case.resumed", e -> caseId.equals(e.path("entityId").asText()),
                caseId);

        JsonNode p = assertEvent(paused, "case.paused", "case", caseId, null);
        assertEquals(p.toString(), "PAUSED", p.path("status").asText());
        assertEquals(p.toString(), "surprise24", p.path("strategy").asText());
        p = assertEvent(resumed, "case.resumed", "case", caseId, null);
        assertEquals(p.toString(), "OPEN", p.path("status").asText());
        assertTrue(paused.path("id").asLong() < resumed.path("id").asLong());
        assertEquals("one pause and one resume: " + summary(about(eventsAfter(cursor), caseId)),
                List.of("case.paused", "case.resumed"), types(about(eventsAfter(cursor), caseId)));
        assertEquals(getCase(caseId, MANAGER).path("version").asLong(), p.path("version").asLong());
        awaitStrategy("surprise24");
    }

    /** Waits until the strategy is offered again (after a feature comes back), so later tests can name it. */
    private void awaitStrategy(String name) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode s : get("/api/v1/strategies", MANAGER).assertStatus(200).json()) {
                if (name.equals(s.path("name").asText())) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        fail("strategy " + name + " did not come back within " + SETTLE);
    }

    @Test
    public void anOverdueStepIsLoggedOnceWhenItEscalates() throws Exception {
        awaitStrategy("surprise24");
        String customerId = newCustomer(REP1, "Event Overdue Ltd");
        // surprise24's apology is due 24 hours after the loss: this one falls due in a few seconds
        Instant lostAt = Instant.now().minus(Duration.ofHours(24)).plus(Duration.ofSeconds(4))
                .truncatedTo(ChronoUnit.SECONDS);
        long cursor = head();
        JsonNode late = post("/api/v1/cases", REP1, caseBody(customerId, "LOST_DEAL", "competitor", "surprise24")
                .put("lostAt", lostAt.toString())).assertStatus(201).json();
        String caseId = id(late);
        JsonNode apologise = planned(late, "apologise");
        assertTrue(apologise.toString(), apologise.path("escalateWhenOverdue").asBoolean());
        String stepId = id(apologise);

        JsonNode escalated = awaitEvent(cursor, "case.escalated", e -> stepId.equals(e.path("payload").path("id")
                .asText()), "step " + stepId + " of case " + caseId);
        JsonNode p = assertEvent(escalated, "case.escalated", "step", stepId, "system:overdue-sweep");
        assertEquals(p.toString(), caseId, p.path("caseId").asText());
        assertEquals(p.toString(), "apologise", p.path("name").asText());
        // rep1 is in no team: the distribution's defaultManager (etc/dev.winback.core.engine.cfg) is told
        assertEquals(p.toString(), "manager", p.path("escalatedTo").asText());
        assertTrue(p.toString(), p.path("escalatedAt").isTextual());
        assertTrue(p.toString(), p.path("overdueSince").isTextual());
        assertEquals(p.toString(), "rep1", p.path("assignee").asText());
        // the step as the API shows it now (the sweep changes nothing else about it)
        assertEquals(stepById(getCase(caseId, MANAGER), stepId), p);

        // the sweep runs every 2 seconds: a step escalates once, not at every sweep
        Thread.sleep(6000);
        List<JsonNode> again = new ArrayList<>();
        for (JsonNode e : ofType(eventsAfter(cursor), "case.escalated")) {
            if (stepId.equals(e.path("payload").path("id").asText())) {
                again.add(e);
            }
        }
        assertEquals(summary(again), 1, again.size());
    }

    @Test
    public void aFinishedImportIsLoggedOnceAndItsPurchasesAreNot() throws Exception {
        String tag = "evimp-" + UUID.randomUUID().toString().substring(0, 8);
        long cursor = head();
        String csv = "externalId,date,amount\n"
                + tag + "-1,2026-01-05,10.00\n"
                + tag + "-1,2026-02-05,12.00\n"
                + tag + "-2,2026-01-07,8.50\n";
        JsonNode job = importCsv("events-import", csv);
        String jobId = id(job);
        assertEquals(job.toString(), 3, job.path("purchasesAdded").asLong());
        assertEquals(job.toString(), 2, job.path("customersCreated").asLong());

        JsonNode completed = awaitEvent(cursor, "import.completed", e -> jobId.equals(e.path("entityId").asText()),
                "import " + jobId);
        JsonNode p = assertEvent(completed, "import.completed", "import", jobId, "admin");
        // the entity is the import job; the payload is what the import added
        assertEquals(p.toString(), 3, p.path("purchasesAdded").asLong());
        assertEquals(p.toString(), 0, p.path("duplicates").asLong());
        assertEquals(p.toString(), 2, p.path("customersCreated").asLong());
        assertEquals(summary(about(eventsAfter(cursor), jobId)), 1, about(eventsAfter(cursor), jobId).size());

        // imports report import.completed instead of each purchase
        Set<String> imported = customersOf("events-import", tag);
        assertEquals(imported.toString(), 2, imported.size());
        for (JsonNode e : ofType(eventsAfter(cursor), "purchase.recorded")) {
            assertFalse("an imported purchase is logged on its own: " + e,
                    imported.contains(e.path("payload").path("customerId").asText()));
        }
    }

    @Test
    public void customersAnImportCreatesAreLoggedAsCreated() throws Exception {
        String tag = "evnew-" + UUID.randomUUID().toString().substring(0, 8);
        long cursor = head();
        importCsv("events-import", "externalId,date,amount\n" + tag + "-a,2026-03-01,5.00\n" + tag
                + "-b,2026-03-02,6.00\n");
        Set<String> imported = customersOf("events-import", tag);
        assertEquals(imported.toString(), 2, imported.size());
        List<JsonNode> after = eventsAfter(cursor);
        for (String customerId : imported) {
            List<JsonNode> created = ofType(about(after, customerId), "customer.created");
            assertEquals("customer.created for imported customer " + customerId
                    + "; the log after " + cursor + " holds " + summary(after), 1, created.size());
            JsonNode p = assertEvent(created.get(0), "customer.created", "customer", customerId, "admin");
            assertEquals(p.toString(), "events-import", p.path("source").asText());
        }
    }

    @Test
    public void aDetectionFindingIsLoggedWithTheCaseItOpened() throws Exception {
        // Purchase history that ends before 2021, so no other test's purchases are in the run: two customers
        // silent for over a year at the calibration end (flagged by the rule), one who bought recently.
        String tag = "evdet-" + UUID.randomUUID().toString().substring(0, 8);
        importCsv("events-detect", "externalId,date,amount\n"
                + tag + "-1,2019-01-05,40.00\n" + tag + "-1,2019-02-10,35.00\n" + tag + "-1,2019-03-01,30.00\n"
                + tag + "-2,2019-01-07,25.00\n" + tag + "-2,2019-06-01,20.00\n"
                + tag + "-3,2020-11-01,15.00\n" + tag + "-3,2020-12-01,10.00\n");
        long cursor = head();
        ObjectNode request = json().put("calibrationEnd", "2020-12-31").put("probabilityAliveThreshold", 0.000001);
        request.putArray("rules").addObject().put("type", "NO_PURCHASE_IN_DAYS").put("days", 365);
        String runId = id(post("/api/v1/detection/runs", ADMIN, request).assertStatus(202).json());
        JsonNode run = awaitFinished("/api/v1/detection/runs/" + runId, ADMIN, "RUNNING");
        assertEquals(run.toString(), "COMPLETED", run.path("status").asText());
        assertTrue(run.toString(), run.path("casesOpened").asLong() >= 2);

        List<JsonNode> after = eventsAfter(cursor);
        for (String externalId : List.of(tag + "-1", tag + "-2")) {
            String customerId = customersOf("events-detect", externalId).iterator().next();
            JsonNode cases = get("/api/v1/cases?customerId=" + customerId, ADMIN).assertStatus(200).json();
            assertEquals(cases.toString(), 1, cases.path("total").asInt());
            String caseId = id(cases.path("items").path(0));
            List<JsonNode> flagged = ofType(about(after, caseId), "detection.flagged");
            assertEquals("detection.flagged for case " + caseId + "; the log after " + cursor + " holds "
                    + summary(after), 1, flagged.size());
            JsonNode p = assertEvent(flagged.get(0), "detection.flagged", null, caseId, "admin");
            assertEquals(p.toString(), caseId, p.path("id").asText());
            assertEquals(p.toString(), customerId, p.path("customerId").asText());
            assertEquals(p.toString(), "LAPSED", p.path("lossKind").asText());
            assertEquals("the case with its finding: " + p, runId, p.path("detection").path("runId").asText());
            assertTrue(p.toString(), p.path("detection").path("reason").asText().length() > 0);
        }
    }

    /** Uploads a CSV as admin and waits for the job to complete. */
    private JsonNode importCsv(String source, String csv) throws InterruptedException {
        ApiResponse accepted = upload("/api/v1/imports/transactions?source=" + source, ADMIN,
                csv.getBytes(StandardCharsets.UTF_8), "text/csv").assertStatus(202);
        JsonNode job = awaitFinished("/api/v1/imports/" + id(accepted.json()), ADMIN, "QUEUED", "RUNNING");
        assertEquals(job.toString(), "COMPLETED", job.path("status").asText());
        return job;
    }

    /** Ids of the customers of {@code source} whose text matches {@code q}. */
    private Set<String> customersOf(String source, String q) {
        Set<String> ids = new LinkedHashSet<>();
        get("/api/v1/customers?source=" + source + "&q=" + q + "&size=100", ADMIN).assertStatus(200).json()
                .path("items").forEach(c -> ids.add(id(c)));
        assertFalse("customers " + q + " of " + source, ids.isEmpty());
        return ids;
    }

    @Test
    public void aRefusedRequestWritesNoEvent() {
        String customerId = newCustomer(REP1, "Event Refusals GmbH");
        JsonNode c = openCase(REP1, customerId, "LAPSED", "price", null);
        String customerPath = "/api/v1/customers/" + customerId;
        ApiResponse read = get(customerPath, MANAGER).assertStatus(200);
        String staleTag = etag(read);
        ObjectNode change = (ObjectNode) read.json();
        request("PUT", customerPath, MANAGER, change.put("name", "Event Refusals AG"), Map.of("If-Match", staleTag))
                .assertStatus(200);
        JsonNode customerBefore = customer(customerId, MANAGER);
        JsonNode caseBefore = getCase(id(c), MANAGER);
        long cursor = head();

        assertProblem(post("/api/v1/cases", MANAGER, caseBody(UUID.randomUUID().toString(), "LAPSED", "price",
                null)), 422);
        assertProblem(post("/api/v1/cases", REP1, caseBody(customerId, "LAPSED", "price", null)), 409);
        assertProblem(request("PUT", customerPath, MANAGER, change.put("name", "Stale write"),
                Map.of("If-Match", staleTag)), 412);
        assertProblem(post(customerPath + "/contact-block", MANAGER, json()), 400);
        assertProblem(request("DELETE", customerPath + "/contact-block?reason=none+set", ADMIN, null, Map.of()),
                409);
        assertProblem(post("/api/v1/cases/" + id(c) + "/close", REP1, json().put("status", "CLOSED_NEVER")
                .put("notes", "Not the rep's call")), 403);
        ApiResponse badOutcome = tryComplete(id(c), id(planned(c, "fact-find")), REP1, "NO_SUCH_OUTCOME");
        assertTrue(badOutcome.toString(), badOutcome.status() >= 400 && badOutcome.status() < 500);
        assertProblem(post("/api/v1/customers", MANAGER, json().put("externalId", read.json().path("externalId")
                .asText()).put("source", "workflow-it").put("name", "Twin")), 409);

        List<JsonNode> written = new ArrayList<>();
        for (JsonNode e : eventsAfter(cursor)) {
            if (!"case.escalated".equals(e.path("type").asText())) { // the overdue sweep works on its own
                written.add(e);
            }
        }
        assertEquals("refused requests wrote events: " + summary(written), List.of(), written);
        assertEquals(customerBefore, customer(customerId, MANAGER));
        assertEquals(caseBefore, getCase(id(c), MANAGER));
    }

    // ------------------------------------------------------------------------------------------------------------
    // The reading side: cursor, pages, types, who may read

    /** A few events that every reading test can count on. */
    private void someEvents() {
        for (int i = 0; i < 3; i++) {
            newCustomer(REP1, "Event Reader " + i + " KG");
        }
        openCase(REP1, newCustomer(REP1, "Event Reader Case KG"), "LAPSED", "price", null);
    }

    @Test
    public void theLogIsReadForwardsPageByPageFollowingNextAndTheLinkHeader() {
        someEvents();
        List<JsonNode> all = eventsAfter(0);
        assertTrue(summary(all), all.size() >= 5);
        assertAscending(all);
        all.forEach(EventLogIT::assertEnvelope);

        // the defaults: from the start, 100 at most
        ApiResponse first = get(EVENTS, ADMIN).assertStatus(200);
        assertTrue(first.toString(), first.header("Content-Type").orElse("").startsWith("application/json"));
        JsonNode firstPage = first.json();
        int expected = Math.min(100, all.size());
        assertEquals(ids(all.subList(0, expected)), ids(list(firstPage.path("items"))));
        assertEquals(all.get(expected - 1).path("id").asLong(), firstPage.path("next").asLong());

        // two at a time, by the Link header: the same events, in the same order
        List<JsonNode> paged = new ArrayList<>();
        String url = EVENTS + "?limit=2";
        long after = 0;
        for (int pages = 0; url != null; pages++) {
            assertTrue("paging does not end: " + url, pages < 10_000);
            ApiResponse r = get(url, ADMIN).assertStatus(200);
            List<JsonNode> items = list(r.json().path("items"));
            long next = r.json().path("next").asLong();
            paged.addAll(items);
            if (items.isEmpty()) {
                assertEquals("an empty page's next is its after: " + r, after, next);
            } else {
                assertEquals("next is the last id of the page: " + r, items.get(items.size() - 1).path("id")
                        .asLong(), next);
                assertTrue("pages move forwards: " + r, items.get(0).path("id").asLong() > after);
            }
            url = nextLink(r);
            if (items.size() == 2) {
                assertNotNull("a full page links to the next: " + r, url);
                assertTrue(url, url.startsWith(EVENTS + "?"));
                assertTrue(url, url.contains("after=" + next));
                assertTrue(url, url.contains("limit=2"));
            } else {
                assertEquals("a short page is the end for now: " + r, null, url);
            }
            after = next;
        }
        assertTrue(paged.size() >= all.size());
        assertEquals(ids(all), ids(paged.subList(0, all.size())));

        // past the end: nothing, the cursor stays, no link
        long end = all.get(all.size() - 1).path("id").asLong() + 1_000_000;
        ApiResponse beyond = get(EVENTS + "?after=" + end, ADMIN).assertStatus(200);
        assertEquals(0, beyond.json().path("items").size());
        assertEquals(end, beyond.json().path("next").asLong());
        assertEquals(null, nextLink(beyond));

        // from the middle: exactly what follows the cursor
        long middle = all.get(all.size() / 2).path("id").asLong();
        List<JsonNode> rest = list(get(EVENTS + "?after=" + middle + "&limit=1000", ADMIN).assertStatus(200).json()
                .path("items"));
        assertTrue(ids(rest).toString(), rest.size() >= all.size() - all.size() / 2 - 1);
        assertEquals(ids(all.subList(all.size() / 2 + 1, all.size())),
                ids(rest.subList(0, all.size() - all.size() / 2 - 1)));
    }

    @Test
    public void typesFilterWhetherRepeatedOrCommaSeparated() {
        someEvents();
        List<JsonNode> all = eventsAfter(0);
        long last = all.get(all.size() - 1).path("id").asLong();
        List<Long> wanted = new ArrayList<>();
        List<Long> opened = new ArrayList<>();
        for (JsonNode e : all) {
            String type = e.path("type").asText();
            if (type.equals("customer.created") || type.equals("case.opened")) {
                wanted.add(e.path("id").asLong());
            }
            if (type.equals("case.opened")) {
                opened.add(e.path("id").asLong());
            }
        }
        assertTrue(summary(all), opened.size() >= 1 && wanted.size() > opened.size());

        for (String query : List.of("type=customer.created&type=case.opened", "type=customer.created,case.opened",
                "type=case.opened,customer.created", "type=case.opened&type=customer.created,case.opened")) {
            List<JsonNode> items = list(get(EVENTS + "?" + query + "&limit=1000", ADMIN).assertStatus(200).json()
                    .path("items"));
            List<Long> upToLast = new ArrayList<>();
            for (JsonNode e : items) {
                String type = e.path("type").asText();
                assertTrue(query + ": " + e, type.equals("customer.created") || type.equals("case.opened"));
                if (e.path("id").asLong() <= last) {
                    upToLast.add(e.path("id").asLong());
                }
            }
            assertEquals(query, wanted, upToLast);
        }
        List<Long> onlyOpened = new ArrayList<>();
        for (JsonNode e : list(get(EVENTS + "?type=case.opened&limit=1000", ADMIN).json().path("items"))) {
            if (e.path("id").asLong() <= last) {
                onlyOpened.add(e.path("id").asLong());
            }
        }
        assertEquals(opened, onlyOpened);

        // the link of a filtered page keeps the filter
        ApiResponse page = get(EVENTS + "?type=customer.created,case.opened&limit=1", ADMIN).assertStatus(200);
        String link = nextLink(page);
        assertNotNull(page.toString(), link);
        ApiResponse second = get(link, ADMIN).assertStatus(200);
        assertEquals(second.toString(), wanted.get(1).longValue(), second.json().path("items").path(0).path("id")
                .asLong());
        assertEquals(1, second.json().path("items").size());
    }

    @Test
    public void badParametersAre400AndOnlyAdminsReadTheLog() {
        assertEquals("type", field(assertProblem(get(EVENTS + "?type=case.exploded", ADMIN), 400)));
        JsonNode mixed = assertProblem(get(EVENTS + "?type=case.opened,case.exploded", ADMIN), 400);
        assertEquals("type", field(mixed));
        assertTrue(mixed.toString(), mixed.toString().contains("case.exploded"));
        for (String limit : List.of("0", "1001", "-5", "ten", "2.5")) {
            assertEquals(limit, "limit", field(assertProblem(get(EVENTS + "?limit=" + limit, ADMIN), 400)));
        }
        for (String after : List.of("-1", "first", "1e3")) {
            assertEquals(after, "after", field(assertProblem(get(EVENTS + "?after=" + after, ADMIN), 400)));
        }
        assertEquals("cursor", field(assertProblem(get(EVENTS + "?cursor=5", ADMIN), 400)));
        get(EVENTS + "?limit=1000", ADMIN).assertStatus(200);
        get(EVENTS + "?limit=1&after=0&type=", ADMIN).assertStatus(200);

        assertProblem(get(EVENTS, MANAGER), 403);
        assertProblem(get(EVENTS, REP1), 403);
        assertEquals(401, get(EVENTS).status());
        assertEquals(401, get(EVENTS, new User("admin", "not-the-password")).status());
        assertEquals(401, get(EVENTS + "?type=case.opened").status());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext();) {
            items.add(it.next());
        }
        return items;
    }
}
