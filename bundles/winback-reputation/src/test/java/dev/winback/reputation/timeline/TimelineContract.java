package dev.winback.reputation.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.Customer;
import dev.winback.reputation.Band;
import dev.winback.reputation.ReputationFixture;
import dev.winback.reputation.SurveyKind;
import dev.winback.reputation.complaint.Complaints;
import dev.winback.reputation.survey.JdbcSurveys;
import dev.winback.reputation.survey.ReputationSubscriber;
import dev.winback.reputation.survey.SurveyResponse;
import dev.winback.reputation.survey.Surveys;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Advocacy and the reputation timeline on the real core and store (H2 and PostgreSQL). */
abstract class TimelineContract {
    ReputationFixture f;
    Surveys surveys;
    Advocacy advocacy;
    ReputationTimeline timeline;

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void setUp() {
        f = new ReputationFixture(newDatabase());
        var settings = ReputationFixture.settings(Map.of());
        JdbcSurveys store = new JdbcSurveys(f.db, f.audit);
        surveys = new Surveys(store, f.customers, f.cases, settings);
        Complaints complaints = new Complaints(f.db, f.audit, f.cases, settings);
        f.subscribe(new ReputationSubscriber(surveys, complaints));
        advocacy = new Advocacy(f.db, f.audit, f.customers);
        timeline = new ReputationTimeline(surveys, complaints, advocacy, f.customers, f.db);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static AdvocacyEvent event(AdvocacyEvent.Kind kind) {
        AdvocacyEvent e = new AdvocacyEvent();
        e.kind = kind;
        return e;
    }

    @Test
    void eachKindOfAdvocacyKeepsWhatItMayAndNoMore() {
        Customer acme = f.customer("Acme", "smb");
        Customer friend = f.customer("Friend", "smb");
        AdvocacyEvent testimonial = event(AdvocacyEvent.Kind.TESTIMONIAL);
        testimonial.note = "Quote for the case study";
        AdvocacyEvent referral = event(AdvocacyEvent.Kind.REFERRAL);
        referral.referredCustomerId = friend.id;
        AdvocacyEvent byName = event(AdvocacyEvent.Kind.REFERRAL);
        byName.referredName = "Their sister company";
        AdvocacyEvent review = event(AdvocacyEvent.Kind.PUBLIC_REVIEW);
        review.site = " trustpilot.com ";
        review.rating = new BigDecimal("8.5");
        review.ratingScale = 10;

        assertEquals("Quote for the case study", advocacy.record(acme.id, testimonial, ReputationFixture.REP1).note);
        assertEquals(BigDecimal.ZERO, advocacy.record(acme.id, referral, ReputationFixture.REP1).referralRevenue);
        assertNull(advocacy.record(acme.id, byName, ReputationFixture.REP1).referralRevenue);
        AdvocacyEvent recorded = advocacy.record(acme.id, review, ReputationFixture.REP1);
        assertEquals("trustpilot.com", recorded.site);
        assertEquals(10, recorded.ratingScale);
        assertEquals(LocalDate.now(ZoneOffset.UTC), recorded.occurredOn);
        assertEquals(1, f.audit.forEntity("advocacy", recorded.id.toString()).size());
    }

    @Test
    void badAdvocacyIsRefusedAndNothingIsWritten() {
        Customer acme = f.customer("Acme", "smb");
        AdvocacyEvent reviewText = event(AdvocacyEvent.Kind.PUBLIC_REVIEW);
        reviewText.site = "g2.com";
        reviewText.rating = BigDecimal.valueOf(5);
        reviewText.note = "Their whole review";
        AdvocacyEvent tooHigh = event(AdvocacyEvent.Kind.PUBLIC_REVIEW);
        tooHigh.site = "g2.com";
        tooHigh.rating = BigDecimal.valueOf(6);
        AdvocacyEvent noSite = event(AdvocacyEvent.Kind.PUBLIC_REVIEW);
        noSite.rating = BigDecimal.ONE;
        AdvocacyEvent nobodyReferred = event(AdvocacyEvent.Kind.REFERRAL);
        AdvocacyEvent ratedTestimonial = event(AdvocacyEvent.Kind.TESTIMONIAL);
        ratedTestimonial.rating = BigDecimal.ONE;
        AdvocacyEvent future = event(AdvocacyEvent.Kind.TESTIMONIAL);
        future.occurredOn = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        AdvocacyEvent unknownFriend = event(AdvocacyEvent.Kind.REFERRAL);
        unknownFriend.referredCustomerId = UUID.randomUUID();
        AdvocacyEvent self = event(AdvocacyEvent.Kind.REFERRAL);
        self.referredCustomerId = acme.id;

        for (AdvocacyEvent bad : new AdvocacyEvent[] {reviewText, tooHigh, noSite, nobodyReferred, ratedTestimonial,
            future, event(null)}) {
            assertThrows(InvalidInputException.class, () -> advocacy.record(acme.id, bad, ReputationFixture.REP1));
        }
        assertThrows(UnknownReferenceException.class,
                () -> advocacy.record(acme.id, unknownFriend, ReputationFixture.REP1));
        assertThrows(UnprocessableException.class, () -> advocacy.record(acme.id, self, ReputationFixture.REP1));
        assertThrows(NotFoundException.class, () -> advocacy.record(UUID.randomUUID(),
                event(AdvocacyEvent.Kind.TESTIMONIAL), ReputationFixture.REP1));
        assertEquals(0, f.database.count("SELECT COUNT(*) FROM advocacy_events"));
    }

    @Test
    void aReferralCountsWhatTheReferredCustomerBoughtSinceTheReferral() {
        Customer acme = f.customer("Acme", "smb");
        Customer friend = f.customer("Friend", "smb");
        LocalDate referredOn = LocalDate.now(ZoneOffset.UTC).minusDays(10);
        f.purchase(friend, referredOn.minusDays(1), "1000.00");
        f.purchase(friend, referredOn, "120.50");
        f.purchase(friend, referredOn.plusDays(3), "79.50");
        f.purchase(friend, referredOn.plusDays(4), "-30.00");
        AdvocacyEvent referral = event(AdvocacyEvent.Kind.REFERRAL);
        referral.referredCustomerId = friend.id;
        referral.occurredOn = referredOn;
        advocacy.record(acme.id, referral, ReputationFixture.REP1);

        // 120.50 on the day + 79.50 after; the purchase before the referral and the refund do not count.
        assertEquals(0, new BigDecimal("200.00").compareTo(advocacy.of(acme.id).get(0).referralRevenue));
    }

    @Test
    void theTimelineShowsTheBandOverTimeWithCorrectionsInPlace() throws Exception {
        Customer acme = f.customer("Acme", "smb");
        SurveyResponse first = answer(acme, 3, "2026-01-01T10:00:00Z");
        SurveyResponse typo = answer(acme, 10, "2026-03-01T10:00:00Z");
        SurveyResponse later = answer(acme, 9, "2026-05-01T10:00:00Z");
        Surveys.Correction fix = new Surveys.Correction();
        fix.score = 7;
        fix.reason = "misheard";
        SurveyResponse corrected = surveys.correct(typo.id, fix, ReputationFixture.MANAGER);
        AdvocacyEvent testimonial = event(AdvocacyEvent.Kind.TESTIMONIAL);
        advocacy.record(acme.id, testimonial, ReputationFixture.REP2);
        f.pump();

        ReputationTimeline.View v = timeline.of(acme.id, ReputationFixture.REP1);

        assertEquals(4, v.answers.size(), "the corrected answer stays on record");
        assertEquals(3, v.bands.size(), "but not on the band line");
        assertEquals(first.id, v.bands.get(0).responseId);
        assertEquals(Band.DETRACTOR, v.bands.get(0).band);
        assertEquals(corrected.id, v.bands.get(1).responseId);
        assertEquals(Band.PASSIVE, v.bands.get(1).band);
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), v.bands.get(1).at);
        assertEquals(Band.PROMOTER, v.bands.get(2).band);
        assertEquals(Band.PROMOTER, v.currentBand);
        assertEquals(later.id, v.bands.get(2).responseId);
        assertEquals(1, v.advocacy.size());
        assertTrue(v.complaints.isEmpty(), "a detractor answer of January is too old to open a complaint");
        assertThrows(NotFoundException.class, () -> timeline.of(UUID.randomUUID(), ReputationFixture.REP1));
    }

    private SurveyResponse answer(Customer c, int score, String at) {
        SurveyResponse r = new SurveyResponse();
        r.customerId = c.id;
        r.kind = SurveyKind.NPS;
        r.score = score;
        r.respondedAt = Instant.parse(at);
        return surveys.record(r, ReputationFixture.MANAGER);
    }
}
