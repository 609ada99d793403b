package dev.winback.reputation.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.WinbackEvent;
import dev.winback.reputation.Band;
import dev.winback.reputation.ReputationFixture;
import dev.winback.reputation.ReputationJson;
import dev.winback.reputation.SurveyKind;
import dev.winback.reputation.complaint.Complaint;
import dev.winback.reputation.complaint.Complaints;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Survey answers, invitations, links and complaints on the real core and store (H2 and PostgreSQL). */
abstract class SurveysContract {
    ReputationFixture f;
    JdbcSurveys store;
    Surveys surveys;
    Complaints complaints;
    SurveyImports imports;
    ReputationSubscriber subscriber;

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void setUp() {
        f = new ReputationFixture(newDatabase());
        var settings = ReputationFixture.settings(Map.of("publicBaseUrl", "https://winback.example.com/"));
        store = new JdbcSurveys(f.db, f.audit);
        surveys = new Surveys(store, f.customers, f.cases, settings);
        complaints = new Complaints(f.db, f.audit, f.cases, settings);
        imports = new SurveyImports(surveys, store);
        subscriber = new ReputationSubscriber(surveys, complaints);
        f.subscribe(subscriber);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static SurveyResponse answer(Customer c, SurveyKind kind, Integer score, String comment) {
        SurveyResponse r = new SurveyResponse();
        r.customerId = c.id;
        r.kind = kind;
        r.score = score;
        r.comment = comment;
        return r;
    }

    // --------------------------------------------------------------------------------------------------------
    // Answers through the API

    @Test
    void anAnswerIsRecordedWithItsBandItsEventAndItsAuditEntry() {
        Customer acme = f.customer("Acme", "smb");
        SurveyResponse r = surveys.record(answer(acme, SurveyKind.NPS, 8, "Better lately"), ReputationFixture.REP1);

        assertEquals(Band.PASSIVE, r.band);
        assertEquals(SurveyResponse.Channel.API, r.channel);
        assertEquals("rep1", r.recordedBy);
        assertNotNull(r.respondedAt);
        List<WinbackEvent> events = f.events(EventTypes.SURVEY_ANSWERED);
        assertEquals(1, events.size());
        assertEquals(r.id.toString(), events.get(0).entityId);
        assertEquals(8, ReputationJson.read(events.get(0).payload, SurveyResponse.class).score);
        assertEquals(1, f.audit.forEntity("survey-response", r.id.toString()).size());
    }

    @Test
    void theBandsFollowTheConfiguredThresholds() {
        Customer acme = f.customer("Acme", "smb");
        assertEquals(Band.DETRACTOR, surveys.record(answer(acme, SurveyKind.NPS, 6, null), ReputationFixture.REP1).band);
        assertEquals(Band.PASSIVE, surveys.record(answer(acme, SurveyKind.NPS, 7, null), ReputationFixture.REP1).band);
        assertEquals(Band.PROMOTER, surveys.record(answer(acme, SurveyKind.NPS, 9, null), ReputationFixture.REP1).band);
        assertEquals(Band.DETRACTOR, surveys.record(answer(acme, SurveyKind.CSAT, 2, null), ReputationFixture.REP1).band);
        assertEquals(Band.PASSIVE, surveys.record(answer(acme, SurveyKind.CSAT, 3, null), ReputationFixture.REP1).band);
        assertEquals(Band.PROMOTER, surveys.record(answer(acme, SurveyKind.CSAT, 4, null), ReputationFixture.REP1).band);
    }

    @Test
    void badAnswersAreRefusedWithTheFieldAndNothingIsWritten() {
        Customer acme = f.customer("Acme", "smb");
        Customer other = f.customer("Other", "smb");
        RecoveryCase othersCase = f.open(other, LossKind.LAPSED, "price");

        InvalidInputException range = assertThrows(InvalidInputException.class,
                () -> surveys.record(answer(acme, SurveyKind.NPS, 11, null), ReputationFixture.REP1));
        assertTrue(range.getMessage().contains("score: must be from 0 to 10"), range.getMessage());
        assertThrows(InvalidInputException.class,
                () -> surveys.record(answer(acme, SurveyKind.CSAT, 0, null), ReputationFixture.REP1));
        assertThrows(InvalidInputException.class,
                () -> surveys.record(answer(acme, null, 5, null), ReputationFixture.REP1));
        assertThrows(InvalidInputException.class,
                () -> surveys.record(answer(acme, SurveyKind.NPS, 5, "x".repeat(4001)), ReputationFixture.REP1));
        SurveyResponse future = answer(acme, SurveyKind.NPS, 5, null);
        future.respondedAt = Instant.now().plus(Duration.ofDays(1));
        assertThrows(InvalidInputException.class, () -> surveys.record(future, ReputationFixture.REP1));
        SurveyResponse both = answer(acme, SurveyKind.NPS, 5, null);
        both.externalId = acme.externalId;
        both.source = "crm";
        assertThrows(InvalidInputException.class, () -> surveys.record(both, ReputationFixture.REP1));
        SurveyResponse forged = answer(acme, SurveyKind.NPS, 5, null);
        forged.channel = SurveyResponse.Channel.LINK;
        assertThrows(InvalidInputException.class, () -> surveys.record(forged, ReputationFixture.REP1));
        SurveyResponse nobody = answer(acme, SurveyKind.NPS, 5, null);
        nobody.customerId = UUID.randomUUID();
        assertThrows(UnknownReferenceException.class, () -> surveys.record(nobody, ReputationFixture.REP1));
        SurveyResponse wrongCase = answer(acme, SurveyKind.NPS, 5, null);
        wrongCase.caseId = othersCase.id;
        assertThrows(UnprocessableException.class, () -> surveys.record(wrongCase, ReputationFixture.MANAGER));

        assertEquals(0, f.database.count("SELECT COUNT(*) FROM survey_responses"));
        assertTrue(f.events(EventTypes.SURVEY_ANSWERED).isEmpty());
    }

    @Test
    void theHostNamesTheCustomerByItsOwnKey() {
        Customer acme = f.customer("Acme", "smb");
        SurveyResponse byKey = new SurveyResponse();
        byKey.source = "crm";
        byKey.externalId = acme.externalId;
        byKey.kind = SurveyKind.CSAT;
        byKey.score = 5;

        assertEquals(acme.id, surveys.record(byKey, ReputationFixture.MANAGER).customerId);
    }

    // --------------------------------------------------------------------------------------------------------
    // Corrections: a new record, the old one kept

    @Test
    void aCorrectionIsANewAnswerThatReplacesTheWrongOneWhichStaysOnRecord() {
        Customer acme = f.customer("Acme", "smb");
        SurveyResponse wrong = surveys.record(answer(acme, SurveyKind.NPS, 9, "typed by rep"), ReputationFixture.REP1);
        Surveys.Correction fix = new Surveys.Correction();
        fix.score = 2;
        fix.comment = "typed by rep";
        fix.reason = "The customer said 2, not 9";

        assertThrows(AccessDeniedException.class, () -> surveys.correct(wrong.id, fix, ReputationFixture.REP1));
        SurveyResponse correction = surveys.correct(wrong.id, fix, ReputationFixture.MANAGER);

        assertEquals(wrong.id, correction.correctsId);
        assertEquals(wrong.respondedAt, correction.respondedAt);
        assertEquals(Band.DETRACTOR, correction.band);
        SurveyResponse kept = surveys.response(wrong.id, ReputationFixture.REP1);
        assertEquals(9, kept.score, "the wrong answer is kept as it was");
        assertEquals(correction.id, kept.correctedBy);
        assertEquals(2, f.database.count("SELECT COUNT(*) FROM survey_responses WHERE customer_id = ?", acme.id));
        assertEquals(2, f.audit.forEntity("survey-response", wrong.id.toString()).size(), "created, then corrected");
        assertThrows(ConflictException.class, () -> surveys.correct(wrong.id, fix, ReputationFixture.MANAGER));
        Surveys.Correction noReason = new Surveys.Correction();
        noReason.score = 3;
        assertThrows(InvalidInputException.class, () -> surveys.correct(correction.id, noReason,
                ReputationFixture.MANAGER));
    }

    @Test
    void aCustomersOwnAnswerThroughTheLinkCannotBeCorrected() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        SurveyInvitation invitation = closedCaseInvitation(acme, CaseStatus.CLOSED_NEVER);
        surveys.answer(token(invitation), "1", "Terrible");
        SurveyResponse own = surveys.responses(acme.id, null, 0, 10, ReputationFixture.MANAGER).items.get(0);
        Surveys.Correction fix = new Surveys.Correction();
        fix.score = 9;
        fix.reason = "we would prefer a better score";

        assertThrows(UnprocessableException.class, () -> surveys.correct(own.id, fix, ReputationFixture.MANAGER));
        assertNull(surveys.response(own.id, ReputationFixture.MANAGER).correctedBy);
    }

    @Test
    void anImportedAnswerIsTheCustomersAndIsNotCorrected() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        imports.importAnswers(new StringReader("customerId,kind,score\n" + acme.id + ",NPS,0\n"),
                SurveyImports.Format.CSV, ReputationFixture.MANAGER);
        SurveyResponse imported = surveys.responses(acme.id, null, 0, 10, ReputationFixture.MANAGER).items.get(0);
        Surveys.Correction better = new Surveys.Correction();
        better.score = 10;
        better.reason = "the survey tool must have been wrong";

        assertThrows(UnprocessableException.class, () -> surveys.correct(imported.id, better,
                ReputationFixture.MANAGER));
        assertNull(surveys.response(imported.id, ReputationFixture.MANAGER).correctedBy);
    }

    // --------------------------------------------------------------------------------------------------------
    // Invitations

    @Test
    void aClosedCaseInvitesItsCustomerOnceWithASignedLinkWhateverTheOutcome() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase c = f.open(acme, LossKind.LOST_DEAL, "price");
        long before = f.lastEventId();
        f.giveUp(c, CaseStatus.CLOSED_NEVER);
        f.pump();
        f.replayFrom(subscriber, before);

        List<SurveyInvitation> invitations = surveys.invitations(acme.id, c.id, 0, 10, ReputationFixture.MANAGER).items;
        assertEquals(1, invitations.size(), "a redelivered case.closed invites nobody twice");
        assertNull(surveys.invitations(acme.id, c.id, 0, 10, ReputationFixture.REP1).items.get(0).link,
                "a rep never sees a link: it would let them answer as the customer");
        SurveyInvitation i = invitations.get(0);
        assertEquals(SurveyInvitation.Reason.CASE_CLOSED, i.reason);
        assertEquals(SurveyInvitation.Status.SENT, i.status);
        assertEquals(SurveyKind.NPS, i.kind);
        assertTrue(i.link.startsWith("https://winback.example.com/winback/survey/"), i.link);
        assertEquals(i.sentAt.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), i.expiresAt);
        List<WinbackEvent> invited = f.events(EventTypes.SURVEY_INVITED);
        assertEquals(1, invited.size());
        SurveyInvitation payload = ReputationJson.read(invited.get(0).payload, SurveyInvitation.class);
        assertEquals(i.link, payload.link, "the event carries the link for the host to deliver");
        assertEquals(acme.id, payload.customerId);
    }

    @Test
    void aWinBackGetsASecondInvitationAfterTheConfiguredTime() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase c = f.open(acme, LossKind.LAPSED, "price");
        f.purchase(acme, LocalDate.now(), "100.00");
        f.winBack(c, "100.00");
        f.pump();

        List<SurveyInvitation> invitations = surveys.invitations(acme.id, null, 0, 10, ReputationFixture.REP1).items;
        assertEquals(2, invitations.size());
        SurveyInvitation later = invitations.stream().filter(i -> i.reason == SurveyInvitation.Reason.AFTER_WIN_BACK)
                .findFirst().orElseThrow();
        assertEquals(SurveyInvitation.Status.SCHEDULED, later.status);
        assertNull(later.link);
        assertEquals(0, surveys.sendDue(), "not due for 90 days");

        f.clock.advance(Duration.ofDays(91));
        assertEquals(1, surveys.sendDue());
        assertEquals(0, surveys.sendDue(), "sent once");

        SurveyInvitation sent = store.invitation(later.id).orElseThrow();
        assertEquals(SurveyInvitation.Status.SENT, sent.status);
        assertEquals(2, f.events(EventTypes.SURVEY_INVITED).size());
    }

    @Test
    void noInvitationGoesToAContactBlockedCustomer() throws Exception {
        Customer blocked = f.customer("Blocked", "smb");
        RecoveryCase c = f.open(blocked, LossKind.LOST_DEAL, "price");
        f.block(blocked);
        f.giveUp(c, CaseStatus.CLOSED_NEVER);
        f.pump();

        SurveyInvitation i = surveys.invitations(blocked.id, null, 0, 10, ReputationFixture.MANAGER).items.get(0);
        assertEquals(SurveyInvitation.Status.CANCELLED, i.status);
        assertTrue(i.cancelReason.startsWith("contact block"), i.cancelReason);
        assertNull(i.link);
        assertTrue(f.events(EventTypes.SURVEY_INVITED).isEmpty());
        Surveys.Invite byHand = new Surveys.Invite();
        byHand.customerId = blocked.id;
        assertThrows(UnprocessableException.class, () -> surveys.invite(byHand, ReputationFixture.MANAGER));
    }

    @Test
    void aBlockBeforeTheSecondInvitationIsDueCancelsIt() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase c = f.open(acme, LossKind.LAPSED, "price");
        f.purchase(acme, LocalDate.now(), "100.00");
        f.winBack(c, "100.00");
        f.pump();
        f.block(acme);
        f.clock.advance(Duration.ofDays(91));

        assertEquals(1, surveys.sendDue());

        SurveyInvitation later = surveys.invitations(acme.id, null, 0, 10, ReputationFixture.MANAGER).items.stream()
                .filter(i -> i.reason == SurveyInvitation.Reason.AFTER_WIN_BACK).findFirst().orElseThrow();
        assertEquals(SurveyInvitation.Status.CANCELLED, later.status);
        assertEquals(1, f.events(EventTypes.SURVEY_INVITED).size(), "only the one sent at closing");
    }

    @Test
    void aManagerInvitesByHandAndARepMayNot() {
        Customer acme = f.customer("Acme", "smb");
        Surveys.Invite body = new Surveys.Invite();
        body.customerId = acme.id;
        body.kind = SurveyKind.CSAT;

        assertThrows(AccessDeniedException.class, () -> surveys.invite(body, ReputationFixture.REP1));
        SurveyInvitation sent = surveys.invite(body, ReputationFixture.MANAGER);

        assertEquals(SurveyInvitation.Reason.MANUAL, sent.reason);
        assertEquals(SurveyKind.CSAT, sent.kind);
        assertNotNull(sent.link);
        assertEquals("manager", f.events(EventTypes.SURVEY_INVITED).get(0).actor);
    }

    @Test
    void casesClosedBeforeTrackingBeganGetNoInvitation() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase c = f.open(acme, LossKind.LOST_DEAL, "price");
        RecoveryCase closed = f.giveUp(c, CaseStatus.CLOSED_NEVER);
        // As if the module had first started after this case closed (installed on a system with history).
        f.db.transaction("moving the start of tracking", x -> dev.winback.api.store.ModuleDatabase.update(x,
                "UPDATE reputation_state SET state = ? WHERE name = 'tracking-since'",
                closed.closedAt.plusSeconds(1).toString()));
        Surveys installedLater = new Surveys(store, f.customers, f.cases, ReputationFixture.settings(Map.of()));

        installedLater.onCaseClosed(closed);

        assertEquals(0, f.database.count("SELECT COUNT(*) FROM survey_invitations"));
        assertTrue(f.events(EventTypes.SURVEY_INVITED).isEmpty());
    }

    @Test
    void aManagerMayInviteForTheSameCaseAgain() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase c = f.open(acme, LossKind.LOST_DEAL, "price");
        Surveys.Invite body = new Surveys.Invite();
        body.customerId = acme.id;
        body.caseId = c.id;

        SurveyInvitation first = surveys.invite(body, ReputationFixture.MANAGER);
        SurveyInvitation second = surveys.invite(body, ReputationFixture.MANAGER);

        assertNotEquals(first.id, second.id);
        f.giveUp(c, CaseStatus.CLOSED_NEVER);
        f.pump();
        assertEquals(3, surveys.invitations(null, c.id, 0, 10, ReputationFixture.MANAGER).total,
                "two by hand and the automatic one");
    }

    @Test
    void settingsThatCannotWorkStopTheModuleWithAMessage() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new Surveys(store,
                f.customers, f.cases, ReputationFixture.settings(Map.of("npsDetractorMax", 9, "linkValidDays", 0))));
        assertTrue(wrong.getMessage().contains("npsDetractorMax must be below npsPromoterMin"), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("linkValidDays"), wrong.getMessage());
    }

    // --------------------------------------------------------------------------------------------------------
    // Who sees and records what

    @Test
    void aRepRecordsAndSeesOnlyTheirOwnCustomersAnswers() throws Exception {
        Customer rep1s = f.customer("Rep one's", "smb");
        SurveyResponse r = surveys.record(answer(rep1s, SurveyKind.NPS, 8, "fine"), ReputationFixture.REP1);

        assertThrows(AccessDeniedException.class,
                () -> surveys.record(answer(rep1s, SurveyKind.NPS, 10, "all good"), ReputationFixture.REP2));
        assertThrows(dev.winback.api.NotFoundException.class, () -> surveys.response(r.id, ReputationFixture.REP2));
        assertEquals(0, surveys.responses(rep1s.id, null, 0, 10, ReputationFixture.REP2).total);
        assertEquals(0, surveys.responses(null, null, 0, 10, ReputationFixture.REP2).total);
        assertEquals(1, surveys.responses(null, null, 0, 10, ReputationFixture.REP1).total);
        assertEquals(r.id, surveys.response(r.id, ReputationFixture.MANAGER).id);
        // A rep running one of the customer's cases sees and records for that case.
        RecoveryCase theirs = f.open(rep1s, LossKind.LOST_DEAL, "price");
        f.cases.correct(theirs.id, reassign("rep2"), theirs.version, ReputationFixture.MANAGER);
        SurveyResponse onTheirCase = answer(rep1s, SurveyKind.CSAT, 4, null);
        onTheirCase.caseId = theirs.id;
        assertEquals(theirs.id, surveys.record(onTheirCase, ReputationFixture.REP2).caseId);
        assertEquals(1, surveys.responses(rep1s.id, null, 0, 10, ReputationFixture.REP2).total);
    }

    private static dev.winback.api.dto.CaseCorrection reassign(String rep) {
        dev.winback.api.dto.CaseCorrection c = new dev.winback.api.dto.CaseCorrection();
        c.ownerRep = rep;
        return c;
    }

    @Test
    void controlCharactersAreRefusedByTheApiAndDroppedFromTheForm() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        InvalidInputException nul = assertThrows(InvalidInputException.class,
                () -> surveys.record(answer(acme, SurveyKind.NPS, 5, "a\u0000b"), ReputationFixture.REP1));
        assertTrue(nul.getMessage().contains("control characters"), nul.getMessage());
        String token = token(closedCaseInvitation(acme, CaseStatus.CLOSED_NEVER));

        surveys.answer(token, "6", "line one\nline\u0000two\u0007");

        assertEquals("line one\nlinetwo", surveys.responses(acme.id, null, 0, 10, ReputationFixture.MANAGER)
                .items.get(0).comment);
    }

    // --------------------------------------------------------------------------------------------------------
    // The link

    @Test
    void theLinkIsAnsweredOnceAndThenSaysSo() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        SurveyInvitation i = closedCaseInvitation(acme, CaseStatus.CLOSED_NO_RESPONSE);
        String token = token(i);

        assertEquals(Surveys.LinkState.OPEN, surveys.open(token).state());
        Surveys.Link answered = surveys.answer(token, "10", "You listened");
        assertEquals(Surveys.LinkState.ANSWERED, answered.state());
        assertEquals(Surveys.LinkState.USED, surveys.answer(token, "0", "changed my mind").state());
        assertEquals(Surveys.LinkState.USED, surveys.open(token).state());

        List<SurveyResponse> answers = surveys.responses(acme.id, null, 0, 10, ReputationFixture.MANAGER).items;
        assertEquals(1, answers.size());
        SurveyResponse r = answers.get(0);
        assertEquals(SurveyResponse.Channel.LINK, r.channel);
        assertEquals(10, r.score);
        assertEquals(i.id, r.invitationId);
        assertEquals(i.caseId, r.caseId);
        assertEquals(SurveyInvitation.Status.ANSWERED, store.invitation(i.id).orElseThrow().status);
        assertEquals(r.id, store.invitation(i.id).orElseThrow().responseId);
    }

    @Test
    void aForgedOrAlteredLinkLeadsNowhere() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        String token = token(closedCaseInvitation(acme, CaseStatus.CLOSED_NEVER));
        String altered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        SurveyLinks otherKey = new SurveyLinks(new byte[32]);
        String signedElsewhere = otherKey.sign(UUID.randomUUID(), Instant.now().plus(Duration.ofDays(1)));
        String unknownInvitation = new SurveyLinks(store.linkSecret()).sign(UUID.randomUUID(),
                Instant.now().plus(Duration.ofDays(1)));

        for (String bad : List.of(altered, signedElsewhere, unknownInvitation, "", "not-a-token", "a.b.c")) {
            assertEquals(Surveys.LinkState.UNKNOWN, surveys.open(bad).state(), bad);
            assertEquals(Surveys.LinkState.UNKNOWN, surveys.answer(bad, "5", null).state(), bad);
        }
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM survey_responses"));
    }

    @Test
    void anExpiredLinkCannotBeAnswered() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        String token = token(closedCaseInvitation(acme, CaseStatus.CLOSED_NEVER));
        f.clock.advance(Duration.ofDays(31));

        assertEquals(Surveys.LinkState.EXPIRED, surveys.open(token).state());
        assertEquals(Surveys.LinkState.EXPIRED, surveys.answer(token, "5", null).state());
        assertNull(surveys.invitations(acme.id, null, 0, 10, ReputationFixture.MANAGER).items.get(0).link,
                "an expired invitation shows no link");
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM survey_responses"));
    }

    @Test
    void aBadFormLeavesTheLinkOpen() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        String token = token(closedCaseInvitation(acme, CaseStatus.CLOSED_NEVER));

        for (String score : new String[] {null, "", "11", "-1", "seven", "5.5"}) {
            assertThrows(InvalidInputException.class, () -> surveys.answer(token, score, null), score);
        }
        assertThrows(InvalidInputException.class, () -> surveys.answer(token, "5", "x".repeat(4001)));
        assertEquals(Surveys.LinkState.OPEN, surveys.open(token).state());
        assertEquals(Surveys.LinkState.ANSWERED, surveys.answer(token, "7", "ok").state());
    }

    // --------------------------------------------------------------------------------------------------------
    // Closing the loop

    @Test
    void aDetractorAnswerOpensAComplaintCaseOnceWithItsSla() throws Exception {
        f.installComplaintStrategy();
        Customer acme = f.customer("Acme", "smb");
        long before = f.lastEventId();
        SurveyResponse r = surveys.record(answer(acme, SurveyKind.NPS, 3, "Nobody called back"),
                ReputationFixture.REP1);
        f.pump();
        f.replayFrom(subscriber, before);

        List<Complaint> list = complaints.of(acme.id);
        assertEquals(1, list.size(), "a redelivered answer opens no second complaint");
        Complaint complaint = list.get(0);
        assertEquals(Complaint.Status.OPENED, complaint.status);
        assertEquals(r.id, complaint.responseId);
        assertEquals(r.recordedAt.plus(Duration.ofHours(48)), complaint.firstContactDueAt);
        RecoveryCase opened = f.cases.get(complaint.caseId, ReputationFixture.ADMIN).orElseThrow();
        assertEquals(LossKind.COMPLAINT, opened.lossKind);
        assertEquals("service-failure", opened.lossReason);
        assertEquals("rep1", opened.ownerRep, "the customer's owner rep runs it");
        assertTrue(opened.notes.contains("Nobody called back"), opened.notes);
        assertNull(complaint.firstContactAt);

        f.completeFirstStep(opened, "DONE");
        f.pump();

        Complaint contacted = complaints.of(acme.id).get(0);
        assertNotNull(contacted.firstContactAt);
        assertTrue(contacted.contactedInTime);
        assertEquals(2, f.audit.forEntity("complaint", contacted.id.toString()).size(), "recorded, then contacted");
    }

    @Test
    void onlyRecentDetractorAnswersOpenComplaints() throws Exception {
        f.installComplaintStrategy();
        Customer passive = f.customer("Passive", "smb");
        Customer old = f.customer("Old", "smb");
        surveys.record(answer(passive, SurveyKind.NPS, 7, null), ReputationFixture.REP1);
        surveys.record(answer(passive, SurveyKind.CSAT, 3, null), ReputationFixture.REP1);
        SurveyResponse lastYear = answer(old, SurveyKind.NPS, 0, "last year");
        lastYear.respondedAt = Instant.now().minus(Duration.ofDays(365));
        surveys.record(lastYear, ReputationFixture.MANAGER);
        f.pump();

        assertEquals(0, f.database.count("SELECT COUNT(*) FROM complaints"));
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM recovery_cases WHERE loss_kind = 'COMPLAINT'"));
    }

    @Test
    void aRunningCaseTakesTheComplaintAndOnlyLaterContactsCount() throws Exception {
        f.installComplaintStrategy();
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase running = f.open(acme, LossKind.COMPLAINT, "price");
        f.completeFirstStep(running, "DONE");
        surveys.record(answer(acme, SurveyKind.CSAT, 1, "Still bad"), ReputationFixture.REP1);
        f.pump();

        Complaint complaint = complaints.of(acme.id).get(0);
        assertEquals(Complaint.Status.ATTACHED, complaint.status);
        assertEquals(running.id, complaint.caseId);
        assertNull(complaint.firstContactAt, "the call before the answer does not count");
        assertEquals(1, f.database.count("SELECT COUNT(*) FROM recovery_cases WHERE customer_id = ?", acme.id));
    }

    @Test
    void aContactMadeBeforeTheComplaintWasProcessedStillCounts() throws Exception {
        f.installComplaintStrategy();
        Customer acme = f.customer("Acme", "smb");
        RecoveryCase running = f.open(acme, LossKind.COMPLAINT, "price");
        SurveyResponse r = surveys.record(answer(acme, SurveyKind.NPS, 1, "Angry"), ReputationFixture.REP1);
        // The rep calls while the subscriber is still behind (a big import, say).
        f.completeFirstStep(running, "DONE");
        f.pump();

        Complaint complaint = complaints.of(acme.id).get(0);
        assertEquals(Complaint.Status.ATTACHED, complaint.status);
        assertEquals(r.recordedAt, complaint.receivedAt);
        assertNotNull(complaint.firstContactAt, "the call after the answer reached Winback counts");
        assertTrue(complaint.contactedInTime);
        assertEquals(1, f.audit.forEntity("complaint", complaint.id.toString()).size());
    }

    @Test
    void aCorrectionToADetractorOpensTheComplaintTheWrongAnswerMissed() throws Exception {
        f.installComplaintStrategy();
        Customer acme = f.customer("Acme", "smb");
        SurveyResponse wrong = surveys.record(answer(acme, SurveyKind.NPS, 9, null), ReputationFixture.REP1);
        f.pump();
        assertEquals(0, complaints.of(acme.id).size());
        Surveys.Correction fix = new Surveys.Correction();
        fix.score = 1;
        fix.reason = "typo";
        SurveyResponse correction = surveys.correct(wrong.id, fix, ReputationFixture.MANAGER);
        f.pump();

        assertEquals(correction.id, complaints.of(acme.id).get(0).responseId);
    }

    @Test
    void aBlockedCustomersComplaintOpensNoCaseAndSaysWhy() throws Exception {
        f.installComplaintStrategy();
        Customer acme = f.customer("Acme", "smb");
        f.block(acme);
        surveys.record(answer(acme, SurveyKind.NPS, 2, null), ReputationFixture.MANAGER);
        f.pump();

        Complaint complaint = complaints.of(acme.id).get(0);
        assertEquals(Complaint.Status.NOT_OPENED, complaint.status);
        assertNull(complaint.caseId);
        assertTrue(complaint.note.toLowerCase().contains("contact"), complaint.note);
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM recovery_cases WHERE customer_id = ?", acme.id));
    }

    // --------------------------------------------------------------------------------------------------------
    // Imports

    @Test
    void aCsvImportTakesEveryAnswerOrNone() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        Customer beta = f.customer("Beta", "enterprise");
        String good = "source,externalId,kind,score,comment,respondedAt\n"
                + "crm," + acme.externalId + ",NPS,9,\"Great, \"\"really\"\"\",2026-01-05T10:00:00Z\n"
                + "crm," + beta.externalId + ",csat,2,,2026-01-06T10:00:00Z\n";
        String bad = "customerId,kind,score\n"
                + acme.id + ",NPS,7\n"
                + acme.id + ",NPS,12\n"
                + UUID.randomUUID() + ",NPS,5\n";

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> imports.importAnswers(new StringReader(bad), SurveyImports.Format.CSV, ReputationFixture.MANAGER));
        assertTrue(refused.getMessage().contains("line 3"), refused.getMessage());
        assertTrue(refused.getMessage().contains("line 4"), refused.getMessage());
        assertFalse(refused.getMessage().contains("line 2"), refused.getMessage());
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM survey_responses"), "nothing of a bad file");

        SurveyImports.Result result = imports.importAnswers(new StringReader(good), SurveyImports.Format.CSV,
                ReputationFixture.MANAGER);

        assertEquals(2, result.imported);
        SurveyResponse first = surveys.responses(acme.id, null, 0, 10, ReputationFixture.MANAGER).items.get(0);
        assertEquals("Great, \"really\"", first.comment);
        assertEquals(Instant.parse("2026-01-05T10:00:00Z"), first.respondedAt);
        assertEquals(SurveyResponse.Channel.IMPORT, first.channel);
        assertEquals(2, f.events(EventTypes.SURVEY_ANSWERED).size());
        assertEquals(1, f.audit.forEntity("survey-import", result.importId.toString()).size());
        assertThrows(AccessDeniedException.class, () -> imports.importAnswers(new StringReader(good),
                SurveyImports.Format.CSV, ReputationFixture.REP1));
    }

    /** Found by the fuzz test: a header that is not CSV at all was a 500. */
    @Test
    void aFileThatIsNotCsvIsRefusedAsInput() {
        for (String notCsv : new String[] {"{\"a\":1,\"a\":2}", "customerId,\"kind\"x,score\n",
            "customerId,kind\n\"" + UUID.randomUUID() + "\"x,NPS\n"}) {
            InvalidInputException refused = assertThrows(InvalidInputException.class, () -> imports.importAnswers(
                    new StringReader(notCsv), SurveyImports.Format.CSV, ReputationFixture.MANAGER), notCsv);
            assertTrue(refused.getMessage().contains("CSV") || refused.getMessage().contains("header"),
                    refused.getMessage());
        }
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM survey_responses"));
    }

    @Test
    void aJsonLinesImportNamesItsBadLines() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        String lines = "{\"customerId\":\"" + acme.id + "\",\"kind\":\"NPS\",\"score\":10}\n\n"
                + "{\"customerId\":\"" + acme.id + "\",\"kind\":\"NPS\",\"score\":10,\"stars\":5}\n"
                + "{not json\n";

        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> imports.importAnswers(
                new StringReader(lines), SurveyImports.Format.JSON_LINES, ReputationFixture.MANAGER));

        assertTrue(refused.getMessage().contains("line 3: has an unknown field 'stars'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("line 4"), refused.getMessage());
        assertFalse(refused.getMessage().contains("dev.winback"), "no class names: " + refused.getMessage());
        assertEquals(1, imports.importAnswers(new StringReader(lines.substring(0, lines.indexOf('\n'))),
                SurveyImports.Format.JSON_LINES, ReputationFixture.MANAGER).imported);
    }

    @Test
    void anImportWithAnUnknownColumnOrNothingInItIsRefused() {
        assertThrows(InvalidInputException.class, () -> imports.importAnswers(new StringReader("customer,score\n"),
                SurveyImports.Format.CSV, ReputationFixture.MANAGER));
        assertThrows(InvalidInputException.class, () -> imports.importAnswers(new StringReader("customerId,kind,"
                + "score\n"), SurveyImports.Format.CSV, ReputationFixture.MANAGER));
        assertThrows(InvalidInputException.class, () -> imports.importAnswers(new StringReader(""),
                SurveyImports.Format.JSON_LINES, ReputationFixture.MANAGER));
    }

    // --------------------------------------------------------------------------------------------------------

    /** Closes a case for {@code customer} and returns the invitation that followed. */
    SurveyInvitation closedCaseInvitation(Customer customer, CaseStatus status) throws Exception {
        RecoveryCase c = f.open(customer, LossKind.LOST_DEAL, "price");
        f.giveUp(c, status);
        f.pump();
        return surveys.invitations(customer.id, c.id, 0, 10, ReputationFixture.MANAGER).items.get(0);
    }

    static String token(SurveyInvitation i) {
        assertNotNull(i.link, "the invitation has a link");
        String token = i.link.substring(i.link.indexOf(SurveyPage.PATH_PREFIX) + SurveyPage.PATH_PREFIX.length());
        assertNotEquals("", token);
        return token;
    }
}
