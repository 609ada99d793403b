package dev.winback.reputation.improvement;

import static dev.winback.reputation.ReputationFixture.ADMIN;
import static dev.winback.reputation.ReputationFixture.MANAGER;
import static dev.winback.reputation.ReputationFixture.REP1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.VersionMismatchException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.StepStatus;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.reputation.ReputationFixture;
import dev.winback.reputation.improvement.ImprovementNotification.NotificationStatus;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Improvements: checked as a whole, drafts changed under If-Match, published ones never again; publishing tells each
 * customer who raised a linked reason once (newest case), skips the contact-blocked without an event, and audits.
 */
abstract class ImprovementsContract {
    static final ObjectMapper JSON = new ObjectMapper();
    ReputationFixture f;
    JdbcImprovementStore store;
    Improvements improvements;

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void start() {
        f = new ReputationFixture(newDatabase());
        store = new JdbcImprovementStore(f.db, f.audit);
        improvements = new Improvements(store, ReputationFixture.settings(Map.of("publicBaseUrl",
                "https://winback.example.com/")));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static Improvement improvement(String... reasons) {
        Improvement i = new Improvement();
        i.title = "  Invoices checked twice  ";
        i.customersSaid = "Three invoices in a row were wrong.";
        i.weDid = "Every invoice is now checked by a second person before it goes out.";
        i.evidence = "Billing errors fell from 4% to 0.3% since June.";
        i.improvedOn = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        i.lossReasons = new ArrayList<>(List.of(reasons));
        return i;
    }

    /** A step of the case, inserted as the engine would (no strategy runs in these tests). */
    UUID step(RecoveryCase c, String name) {
        UUID id = UUID.randomUUID();
        f.db.transaction("adding a step", x -> ModuleDatabase.update(x, "INSERT INTO recovery_steps (id, case_id, name,"
                + " type, due_at, status, escalate_when_overdue, created_at) VALUES (?, ?, ?, 'FOLLOW_UP', ?,"
                + " 'PLANNED', FALSE, ?)", id, c.id, name, Instant.now(), Instant.now()));
        return id;
    }

    static List<String> fields(InvalidInputException e) {
        return e.problems().stream().map(InvalidInputException.FieldProblem::field).toList();
    }

    static JsonNode payload(WinbackEvent e) throws Exception {
        return JSON.readTree(e.payload);
    }

    @Test
    void aNewImprovementIsADraftWithItsTextStrippedAndItsLinksKept() {
        RecoveryCase c = f.why(f.open(f.customer("Acme", "smb"), LossKind.LAPSED, "wrong-billing"), "wrong-billing",
                "Invoices wrong again");
        Improvement draft = improvement("wrong-billing", "late-delivery", "wrong-billing");
        draft.whyIds = new ArrayList<>(List.of(c.whys.get(0).id));
        Improvement created = improvements.create(draft, MANAGER);

        assertEquals(ImprovementStatus.DRAFT, created.status);
        assertEquals("Invoices checked twice", created.title);
        assertEquals(List.of("late-delivery", "wrong-billing"), created.lossReasons);
        assertEquals(List.of(c.whys.get(0).id), created.whyIds);
        assertEquals("manager", created.createdBy);
        assertEquals(1, created.rowVersion);
        assertNull(created.publishedAt);
        assertEquals(List.of(AuditTrail.CREATE), f.audit.forEntity("improvement", created.id.toString()).stream()
                .map(a -> a.action).toList());
    }

    @Test
    void everyProblemOfItsOwnIsNamedAtOnceAndNothingIsWritten() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> improvements.create(
                new Improvement(), MANAGER));
        assertEquals(List.of("title", "customersSaid", "weDid", "evidence", "improvedOn", "lossReasons"), fields(e),
                e.getMessage());

        Improvement wrong = improvement("Wrong Billing", "");
        wrong.title = "x".repeat(201);
        wrong.weDid = "line\u0000break";
        wrong.evidence = "y".repeat(4001);
        wrong.improvedOn = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        wrong.whyIds = new ArrayList<>(java.util.Arrays.asList((UUID) null));
        wrong.recordedFrom = new Improvement.RecordedFrom(UUID.randomUUID(), null);
        e = assertThrows(InvalidInputException.class, () -> improvements.create(wrong, MANAGER));
        assertFalse(e instanceof UnprocessableException);
        assertEquals(List.of("title", "weDid", "evidence", "improvedOn", "lossReasons[0]", "lossReasons[1]", "whyIds",
                "recordedFrom.stepId"), fields(e), e.getMessage());
        assertTrue(e.getMessage().contains("must not be in the future"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> improvements.create(null, MANAGER));
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM improvements"));
    }

    @Test
    void referencesToNothingAreRefusedAsUnprocessable() {
        RecoveryCase c = f.open(f.customer("Acme", "smb"), LossKind.LAPSED, "wrong-billing");
        RecoveryCase other = f.open(f.customer("Beta", "smb"), LossKind.LAPSED, "price");
        UUID otherStep = step(other, "you-said-we-did");

        UnknownReferenceException reason = assertThrows(UnknownReferenceException.class, () -> improvements.create(
                improvement("wrong-billing", "no-such-reason"), MANAGER));
        assertEquals(List.of("lossReasons"), fields(reason));
        assertTrue(reason.getMessage().contains("no-such-reason"), reason.getMessage());

        Improvement why = improvement("wrong-billing");
        why.whyIds = new ArrayList<>(List.of(UUID.randomUUID()));
        assertEquals(List.of("whyIds"), fields(assertThrows(UnknownReferenceException.class,
                () -> improvements.create(why, MANAGER))));

        Improvement noCase = improvement("wrong-billing");
        noCase.recordedFrom = new Improvement.RecordedFrom(UUID.randomUUID(), otherStep);
        assertEquals(List.of("recordedFrom.caseId"), fields(assertThrows(UnknownReferenceException.class,
                () -> improvements.create(noCase, MANAGER))));

        Improvement foreignStep = improvement("wrong-billing");
        foreignStep.recordedFrom = new Improvement.RecordedFrom(c.id, otherStep);
        UnprocessableException e = assertThrows(UnprocessableException.class, () -> improvements.create(foreignStep,
                MANAGER));
        assertEquals(List.of("recordedFrom.stepId"), fields(e));
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM improvements"));
    }

    @Test
    void anImprovementRecordedAtACaseStepLinksTheCaseWhysAndIsListedForTheCase() {
        RecoveryCase c = f.open(f.customer("Acme", "smb"), LossKind.LAPSED, "wrong-billing");
        f.why(c, "wrong-billing", "Invoices wrong again");
        c = f.why(c, "late-delivery", "Parcels came a week late");
        UUID step = step(c, "you-said-we-did");
        Improvement draft = improvement("wrong-billing");
        draft.recordedFrom = new Improvement.RecordedFrom(c.id, step);
        Improvement created = improvements.create(draft, MANAGER);

        assertEquals(List.of(c.whys.get(0).id, c.whys.get(1).id), created.whyIds);
        assertEquals(c.id, created.recordedFrom.caseId);
        assertEquals(step, created.recordedFrom.stepId);
        improvements.create(improvement("price"), MANAGER);
        List<Improvement> ofCase = improvements.list(null, null, c.id, 0, 50, MANAGER).items;
        assertEquals(List.of(created.id), ofCase.stream().map(i -> i.id).toList());
        assertEquals(1, improvements.list(null, "price", null, 0, 50, MANAGER).total);
    }

    @Test
    void recordingTheImprovementOfFivestepsYouSaidWeDidStepCompletesTheStepWhichThenNamesIt() {
        f.installYouSaidWeDidStrategy();
        Improvements withCases = new Improvements(store, ReputationFixture.settings(Map.of()), f.cases);
        RecoveryCase c = f.open(f.customer("Acme", "smb"), LossKind.LOST_DEAL, "wrong-billing");
        RecoveryStep planned = c.steps.get(0);
        assertEquals("you-said-we-did", planned.name);
        Improvement draft = improvement("wrong-billing");
        draft.recordedFrom = new Improvement.RecordedFrom(c.id, planned.id);

        Improvement created = withCases.create(draft, MANAGER);

        RecoveryCase after = f.cases.get(c.id, MANAGER).orElseThrow();
        RecoveryStep done = after.steps.stream().filter(s -> s.id.equals(planned.id)).findFirst().orElseThrow();
        assertEquals(StepStatus.DONE, done.status);
        assertEquals("RECORDED", done.outcome.code);
        assertTrue(done.outcome.notes.contains(created.id.toString()), done.outcome.notes);
        assertEquals("manager", done.outcome.recordedBy);
        assertTrue(after.steps.stream().anyMatch(s -> s.name.equals("decide") && s.status == StepStatus.PLANNED),
                "the plan goes on to the owner's decision");
        // A second improvement from the step, now done, leaves the step as it is.
        Improvement again = improvement("wrong-billing");
        again.recordedFrom = new Improvement.RecordedFrom(c.id, planned.id);
        withCases.create(again, MANAGER);
        assertEquals(done.outcome.notes, f.cases.get(c.id, MANAGER).orElseThrow().steps.stream()
                .filter(s -> s.id.equals(planned.id)).findFirst().orElseThrow().outcome.notes);
        assertEquals(2, withCases.list(null, null, c.id, 0, 50, MANAGER).total);
    }

    @Test
    void repsReadPublishedImprovementsOnly() {
        assertThrows(AccessDeniedException.class, () -> improvements.create(improvement("price"), REP1));
        Improvement draft = improvements.create(improvement("price"), MANAGER);
        assertThrows(NotFoundException.class, () -> improvements.get(draft.id, REP1));
        assertEquals(0, improvements.list(null, null, null, 0, 50, REP1).total);
        assertThrows(AccessDeniedException.class, () -> improvements.list(ImprovementStatus.DRAFT, null, null, 0, 50,
                REP1));
        assertThrows(AccessDeniedException.class, () -> improvements.publish(draft.id, REP1));
        assertThrows(AccessDeniedException.class, () -> improvements.update(draft.id, improvement("price"), 1, REP1));

        improvements.publish(draft.id, ADMIN);
        assertEquals(draft.id, improvements.get(draft.id, REP1).id);
        assertEquals(1, improvements.list(null, null, null, 0, 50, REP1).total);
        assertThrows(AccessDeniedException.class, () -> improvements.notifications(draft.id, null, 0, 50, REP1));
        assertThrows(InvalidInputException.class, () -> improvements.list(null, null, null, 0, 201, MANAGER));
        assertThrows(NotFoundException.class, () -> improvements.get(UUID.randomUUID(), MANAGER));
    }

    @Test
    void aDraftChangesUnderIfMatchAPublishedImprovementNever() {
        Improvement draft = improvements.create(improvement("price"), MANAGER);
        Improvement edit = improvement("price", "competitor");
        edit.title = "Prices matched";
        Improvement changed = improvements.update(draft.id, edit, draft.rowVersion, MANAGER);
        assertEquals("Prices matched", changed.title);
        assertEquals(List.of("competitor", "price"), changed.lossReasons);
        assertEquals(2, changed.rowVersion);
        assertThrows(VersionMismatchException.class, () -> improvements.update(draft.id, improvement("price"),
                draft.rowVersion, MANAGER));
        assertThrows(NotFoundException.class, () -> improvements.update(UUID.randomUUID(), improvement("price"), 1,
                MANAGER));

        Improvement published = improvements.publish(draft.id, MANAGER);
        assertEquals(ImprovementStatus.PUBLISHED, published.status);
        assertEquals("manager", published.publishedBy);
        assertEquals(3, published.rowVersion);
        assertThrows(ConflictException.class, () -> improvements.publish(draft.id, MANAGER));
        ConflictException e = assertThrows(ConflictException.class, () -> improvements.update(draft.id,
                improvement("price"), published.rowVersion, MANAGER));
        assertTrue(e.getMessage().contains("record a new improvement"), e.getMessage());
        assertEquals("Prices matched", improvements.get(draft.id, MANAGER).title);
        assertEquals(List.of(AuditTrail.CREATE, AuditTrail.UPDATE, AuditTrail.UPDATE), f.audit.forEntity(
                "improvement", draft.id.toString()).stream().map(a -> a.action).toList());
    }

    @Test
    void publishingTellsEachCustomerWhoRaisedALinkedReasonOnceAndSkipsTheBlockedWithoutAnEvent() throws Exception {
        Customer twice = f.customer("Twice", "smb");
        RecoveryCase older = f.open(twice, LossKind.LAPSED, "wrong-billing");
        f.giveUp(older, CaseStatus.CLOSED_NEVER);
        RecoveryCase newer = f.open(twice, LossKind.LOST_DEAL, "wrong-billing");
        Customer blocked = f.customer("Blocked", "smb");
        RecoveryCase blockedCase = f.open(blocked, LossKind.LAPSED, "wrong-billing");
        f.block(blocked);
        Customer byWhy = f.customer("By why", "smb");
        RecoveryCase whyCase = f.why(f.open(byWhy, LossKind.LAPSED, "price"), "wrong-billing", "Invoice wrong");
        Customer linked = f.customer("Linked why", "smb");
        RecoveryCase linkedCase = f.why(f.open(linked, LossKind.LAPSED, "price"), "price", "Our bills were confusing");
        f.open(f.customer("Unrelated", "smb"), LossKind.LAPSED, "price");

        Improvement draft = improvement("wrong-billing");
        draft.whyIds = new ArrayList<>(List.of(linkedCase.whys.get(0).id));
        Improvement created = improvements.create(draft, MANAGER);
        long before = f.lastEventId();
        Improvement published = improvements.publish(created.id, MANAGER);

        NotificationPage page = improvements.notifications(created.id, null, 0, 50, MANAGER);
        assertEquals(4, page.total);
        assertEquals(3, page.totals.notified);
        assertEquals(1, page.totals.skipped);
        Map<UUID, ImprovementNotification> byCustomer = new java.util.HashMap<>();
        page.items.forEach(n -> byCustomer.put(n.customerId, n));
        assertEquals(newer.id, byCustomer.get(twice.id).caseId, "the newest citing case");
        assertEquals(NotificationStatus.SKIPPED_CONTACT_BLOCK, byCustomer.get(blocked.id).status);
        assertEquals(blockedCase.id, byCustomer.get(blocked.id).caseId);
        assertNull(byCustomer.get(blocked.id).windowEndsAt);
        assertEquals(whyCase.id, byCustomer.get(byWhy.id).caseId);
        assertEquals(linkedCase.id, byCustomer.get(linked.id).caseId);
        assertEquals("Linked why", byCustomer.get(linked.id).customerName);
        for (UUID told : List.of(twice.id, byWhy.id, linked.id)) {
            assertEquals(NotificationStatus.NOTIFIED, byCustomer.get(told).status);
            assertEquals(published.publishedAt, byCustomer.get(told).notifiedAt);
            assertEquals(published.publishedAt.plus(java.time.Duration.ofDays(90)), byCustomer.get(told).windowEndsAt);
        }
        assertEquals(1, improvements.notifications(created.id, NotificationStatus.SKIPPED_CONTACT_BLOCK, 0, 50,
                MANAGER).total);

        List<WinbackEvent> announced = f.events(EventTypes.IMPROVEMENT_PUBLISHED);
        assertEquals(1, announced.size());
        assertTrue(announced.get(0).id > before);
        JsonNode publicView = payload(announced.get(0));
        assertEquals(created.id.toString(), publicView.path("id").asText());
        assertEquals("Invoices checked twice", publicView.path("title").asText());
        assertEquals("wrong-billing", publicView.path("lossReasons").path(0).asText());
        for (String hidden : List.of("whyIds", "recordedFrom", "createdBy", "publishedBy")) {
            assertTrue(publicView.path(hidden).isMissingNode(), hidden + " in " + publicView);
        }

        List<WinbackEvent> told = f.events(EventTypes.IMPROVEMENT_NOTIFIED);
        assertEquals(3, told.size());
        List<String> entities = told.stream().map(e -> e.entityId).sorted().toList();
        assertEquals(List.of(twice.id, byWhy.id, linked.id).stream().map(id -> created.id + "/" + id).sorted()
                .toList(), entities);
        for (WinbackEvent e : told) {
            assertEquals("improvement-notification", e.entityType);
            JsonNode p = payload(e);
            assertEquals(created.id.toString(), p.path("improvementId").asText());
            assertEquals(byCustomer.get(UUID.fromString(p.path("customerId").asText())).caseId.toString(),
                    p.path("caseId").asText());
            assertEquals(published.weDid, p.path("weDid").asText());
            assertEquals("https://winback.example.com/winback/you-said-we-did#improvement-" + created.id,
                    p.path("link").asText());
            assertFalse(e.payload.contains(blocked.id.toString()));
        }
    }

    @Test
    void aDraftReachesNobodyAndPublishingFailsWholeWhenAReasonLeftTheList() {
        f.open(f.customer("Acme", "smb"), LossKind.LAPSED, "price");
        Improvement created = improvements.create(improvement("price"), MANAGER);
        NotificationPage none = improvements.notifications(created.id, null, 0, 50, MANAGER);
        assertEquals(0, none.total);
        assertNull(none.totals.rate);

        f.db.transaction("a reason left the list", c -> {
            ModuleDatabase.update(c, "INSERT INTO loss_reasons (code, label, category, controllable) VALUES"
                    + " ('gone', 'Gone', 'OTHER', FALSE)");
            return null;
        });
        Improvement gone = improvements.create(improvement("price", "gone"), MANAGER);
        f.db.transaction("deleting it", c -> ModuleDatabase.update(c, "DELETE FROM loss_reasons WHERE code = 'gone'"));
        assertThrows(UnknownReferenceException.class, () -> improvements.publish(gone.id, MANAGER));
        assertEquals(ImprovementStatus.DRAFT, improvements.get(gone.id, MANAGER).status);
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM improvement_notifications"));
        assertEquals(0, f.events(EventTypes.IMPROVEMENT_PUBLISHED).size());
    }

    @Test
    void publishingReachesThousandsOfCustomersInOneTransaction() {
        int customers = 1_200;
        f.db.transaction("many lost customers", c -> {
            Instant now = Instant.now();
            for (int k = 0; k < customers; k++) {
                UUID customer = UUID.randomUUID();
                ModuleDatabase.update(c, "INSERT INTO customers (id, external_id, source, name, created_at,"
                        + " updated_at, version, contact_block_since) VALUES (?, ?, 'bulk', ?, ?, ?, 1, ?)", customer,
                        "bulk-" + k, "Bulk " + k, now, now, k % 10 == 0 ? now : null);
                ModuleDatabase.update(c, "INSERT INTO recovery_cases (id, customer_id, loss_kind, loss_reason,"
                        + " owner_rep, status, opened_by, created_at, updated_at, version) VALUES (?, ?, 'LAPSED',"
                        + " 'late-delivery', 'rep1', 'OPEN', 'test', ?, ?, 1)", UUID.randomUUID(), customer, now, now);
            }
            return null;
        });
        Improvement created = improvements.create(improvement("late-delivery"), MANAGER);
        improvements.publish(created.id, MANAGER);
        NotificationPage page = improvements.notifications(created.id, null, 5, 200, MANAGER);
        assertEquals(customers, page.total);
        assertEquals(200, page.items.size());
        assertEquals(customers / 10, page.totals.skipped);
        assertEquals(customers - customers / 10, f.events(EventTypes.IMPROVEMENT_NOTIFIED).size());
    }

    @Test
    void whysAreFoundAcrossCasesByReasonAndTextAndRepsFindTheirOwnCases() {
        WhySearch search = new WhySearch(f.db);
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase mine = f.why(f.open(acme, LossKind.LAPSED, "wrong-billing"), "wrong-billing",
                "Three INVOICES in a row were wrong");
        f.why(mine, "late-delivery", "Parcels came 100% late");
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = f.customer("Beta", "smb").id;
        draft.lossKind = LossKind.LOST_DEAL;
        draft.lossReason = "wrong-billing";
        draft.ownerRep = "rep2";
        RecoveryCase theirs = f.why(f.cases.open(draft, MANAGER), "wrong-billing", "Invoices arrived twice");

        var byReason = search.find("wrong-billing", null, 0, 50, MANAGER);
        assertEquals(2, byReason.total);
        assertEquals(theirs.id, byReason.items.get(0).caseId, "newest first");
        DocumentedWhy found = search.find(null, "invoices in", 0, 50, MANAGER).items.get(0);
        assertEquals(mine.id, found.caseId);
        assertEquals(acme.id, found.customerId);
        assertEquals("wrong-billing", found.lossReason);
        assertTrue(found.fixable);
        assertEquals("manager", found.recordedBy);
        assertEquals(1, search.find(null, "100%", 0, 50, MANAGER).total);
        assertEquals(0, search.find(null, "1_0%", 0, 50, MANAGER).total, "wildcards are taken literally");
        assertEquals(2, search.find("wrong-billing", "INVOICE", 0, 50, MANAGER).total);
        assertEquals(0, search.find("price", "invoice", 0, 50, MANAGER).total);

        var rep1 = search.find("wrong-billing", null, 0, 50, REP1);
        assertEquals(List.of(mine.id), rep1.items.stream().map(w -> w.caseId).toList());
        assertEquals(2, search.find(null, null, 0, 1, REP1).total);
        assertEquals(1, search.find(null, null, 1, 1, REP1).items.size());
        assertThrows(InvalidInputException.class, () -> search.find(null, null, 0, 201, MANAGER));
        assertThrows(InvalidInputException.class, () -> search.find(null, "x".repeat(201), 0, 50, MANAGER));
        assertThrows(AccessDeniedException.class, () -> search.find(null, null, 0, 50, new dev.winback.api.Actor(
                "guest", java.util.Set.of())));
    }

    @Test
    void aCorrectionIsANewImprovementThatNamesThePublishedOneAndBothStayOnRecord() throws Exception {
        Improvement first = improvements.publish(improvements.create(improvement("price"), MANAGER).id, MANAGER);
        Improvement claimed = improvement("price");
        claimed.status = ImprovementStatus.PUBLISHED;
        assertEquals(List.of("status"), fields(assertThrows(InvalidInputException.class,
                () -> improvements.create(claimed, MANAGER))));

        Improvement fix = improvement("price");
        fix.title = "Invoices checked twice (figures corrected)";
        fix.evidence = "Billing errors fell from 4% to 0.8% since June.";
        fix.corrects = first.id;
        Improvement draft = improvements.create(fix, MANAGER);
        assertEquals(first.id, draft.corrects);
        assertEquals(List.of(), improvements.get(first.id, MANAGER).correctedBy, "a draft corrects nothing yet");

        Improvement self = improvement("price");
        self.corrects = draft.id;
        assertEquals(List.of("corrects"), fields(assertThrows(UnprocessableException.class,
                () -> improvements.create(self, MANAGER))), "a draft is changed, not corrected");
        assertThrows(UnprocessableException.class, () -> improvements.update(draft.id, self, draft.rowVersion,
                MANAGER));
        Improvement nothing = improvement("price");
        nothing.corrects = UUID.randomUUID();
        assertThrows(UnknownReferenceException.class, () -> improvements.create(nothing, MANAGER));

        Improvement correction = improvements.publish(draft.id, MANAGER);
        Improvement original = improvements.get(first.id, MANAGER);
        assertEquals(List.of(correction.id), original.correctedBy);
        assertEquals("Billing errors fell from 4% to 0.3% since June.", original.evidence, "never rewritten");
        JsonNode announced = payload(f.events(EventTypes.IMPROVEMENT_PUBLISHED).get(1));
        assertEquals(first.id.toString(), announced.path("corrects").asText());

        String page = Views.html(store.published(100), store.reasonLabels());
        assertTrue(page.contains("This corrects <a href=\"#improvement-" + first.id + "\">"), page);
        assertTrue(page.contains("<strong>Corrected:</strong> see <a href=\"#improvement-" + correction.id + "\">"),
                page);
    }
}
