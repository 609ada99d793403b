package dev.winback.reputation.improvement;


import static dev.winback.reputation.ReputationFixture.MANAGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.winback.api.Actor;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.reputation.ReputationFixture;
import dev.winback.reputation.improvement.ImprovementNotification.Kind;
import dev.winback.reputation.improvement.ImprovementNotification.ReEngagement;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Re-engagement, read with the windows worked out by hand: the improvement is published 20 days ago (N, on day D);
 * with a 10-day window it ends at N + 10 days, with a 30-day window after today.
 */
abstract class ReEngagementContract {
    ReputationFixture f;
    JdbcImprovementStore store;
    Instant notified;
    LocalDate day;
    UUID improvementId;
    final Map<String, Customer> customers = new HashMap<>();
    final Map<String, RecoveryCase> cases = new HashMap<>();

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void start() {
        f = new ReputationFixture(newDatabase());
        store = new JdbcImprovementStore(f.db, f.audit);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    Improvements withWindow(int days) {
        return new Improvements(store, ReputationFixture.settings(Map.of("reEngagementDays", days)));
    }

    Customer lost(String name) {
        Customer c = f.customer(name, "smb");
        cases.put(name, f.open(c, LossKind.LAPSED, "service-failure"));
        customers.put(name, c);
        return c;
    }

    void answer(String name, String kind, int score, Instant at, UUID correctedBy) {
        f.db.transaction("an answer", c -> ModuleDatabase.update(c, "INSERT INTO survey_responses (id, customer_id,"
                + " kind, score, responded_at, channel, corrected_by, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?,"
                + " 'API', ?, 'test', ?)", UUID.randomUUID(), customers.get(name).id, kind, score, at, correctedBy,
                at));
    }

    void purchase(String name, LocalDate on, String amount) {
        f.purchase(customers.get(name), on, amount);
    }

    Map<String, ReEngagement> read(int windowDays, NotificationPage[] page) {
        NotificationPage p = withWindow(windowDays).notifications(improvementId, null, 0, 200, MANAGER);
        page[0] = p;
        Map<String, ReEngagement> byName = new HashMap<>();
        for (ImprovementNotification n : p.items) {
            customers.forEach((name, c) -> {
                if (c.id.equals(n.customerId) && n.reEngaged != null) {
                    byName.put(name, n.reEngaged);
                }
            });
        }
        return byName;
    }

    static void assertReEngaged(Map<String, ReEngagement> read, String name, Kind kind, Instant at) {
        ReEngagement r = read.get(name);
        assertEquals(kind, r == null ? null : r.kind, name);
        assertEquals(at, r.at, name);
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    @Test
    void eachKindCountsOnlyWithinTheWindowAndTheFirstWins() {
        for (String name : new String[] {"P1", "P2", "P3", "A1", "A2", "A3", "A4", "A5", "F", "C1", "S", "B"}) {
            lost(name);
        }
        f.block(customers.get("B"));
        // Every citing case dates from well before the notification: only the case opened below is new.
        f.db.transaction("backdating the cases", c -> ModuleDatabase.update(c, "UPDATE recovery_cases SET created_at"
                + " = ?", Instant.now().minus(Duration.ofDays(60))));
        f.clock.advance(Duration.ofDays(-20));
        Improvements improvements = withWindow(10);
        Improvement draft = ImprovementsContract.improvement("service-failure");
        draft.improvedOn = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        improvementId = improvements.create(draft, MANAGER).id;
        notified = improvements.publish(improvementId, MANAGER).publishedAt;
        day = notified.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate endDay = notified.plus(Duration.ofDays(10)).atOffset(ZoneOffset.UTC).toLocalDate();

        purchase("P1", day, "100");                        // the notification's own day: not after it
        purchase("P1", day.plusDays(1), "80");             // the next day: PURCHASE
        purchase("P2", day.plusDays(2), "0");              // nothing bought
        purchase("P2", day.plusDays(3), "-5");             // a refund
        purchase("P2", endDay.plusDays(1), "50");          // the day after the window ends
        purchase("P3", endDay, "20");                      // the day the window ends: still in it
        purchase("B", day.plusDays(1), "500");             // not told: nothing to attribute

        answer("A1", "NPS", 4, notified.minus(Duration.ofDays(1)), null);
        answer("A1", "NPS", 6, notified.plus(Duration.ofHours(1)), null);     // same kind, higher score
        answer("A2", "NPS", 8, notified.minus(Duration.ofDays(2)), null);     // passive before
        answer("A2", "NPS", 7, notified.plus(Duration.ofHours(1)), null);     // worse
        answer("A2", "CSAT", 5, notified.plus(Duration.ofHours(2)), null);    // promoter: a better band
        answer("A3", "NPS", 5, notified.plus(Duration.ofHours(1)), null);     // no earlier answer, a detractor's
        answer("A3", "NPS", 7, notified.plus(Duration.ofHours(3)), null);     // no earlier answer, passive
        answer("A4", "NPS", 3, notified.minus(Duration.ofDays(1)), null);
        answer("A4", "NPS", 10, notified.plus(Duration.ofHours(1)), UUID.randomUUID()); // corrected since
        answer("A4", "NPS", 2, notified.plus(Duration.ofHours(1)), null);               // the correction
        answer("A5", "NPS", 3, notified.minus(Duration.ofDays(1)), null);
        answer("A5", "NPS", 10, notified.plus(Duration.ofDays(10)).plus(Duration.ofHours(1)), null);
        answer("F", "NPS", 9, notified.plus(Duration.ofDays(2)), null);
        purchase("F", day.plusDays(3), "10");
        f.giveUp(cases.get("C1"), CaseStatus.CLOSED_NEVER);
        Instant opened = f.open(customers.get("C1"), LossKind.LAPSED, "price").createdAt; // today, 20 days on
        // A case Winback opened itself (a complaint for a detractor answer, detection, a webhook): not the customer.
        f.giveUp(cases.get("S"), CaseStatus.CLOSED_NEVER);
        RecoveryCase bySystem = new RecoveryCase();
        bySystem.customerId = customers.get("S").id;
        bySystem.lossKind = LossKind.COMPLAINT;
        bySystem.lossReason = "service-failure";
        bySystem.ownerRep = "rep1";
        f.cases.open(bySystem, new Actor("system:reputation", Set.of(Actor.ROLE_ADMIN)));

        NotificationPage[] page = new NotificationPage[1];
        Map<String, ReEngagement> tenDays = read(10, page);
        assertReEngaged(tenDays, "P1", Kind.PURCHASE, startOf(day.plusDays(1)));
        assertReEngaged(tenDays, "P3", Kind.PURCHASE, startOf(endDay));
        assertReEngaged(tenDays, "A1", Kind.BETTER_ANSWER, notified.plus(Duration.ofHours(1)));
        assertReEngaged(tenDays, "A2", Kind.BETTER_ANSWER, notified.plus(Duration.ofHours(2)));
        assertReEngaged(tenDays, "A3", Kind.BETTER_ANSWER, notified.plus(Duration.ofHours(3)));
        assertReEngaged(tenDays, "F", Kind.BETTER_ANSWER, notified.plus(Duration.ofDays(2)));
        for (String none : new String[] {"P2", "A4", "A5", "C1", "S", "B"}) {
            assertNull(tenDays.get(none), none);
        }
        assertEquals(11, page[0].totals.notified);
        assertEquals(1, page[0].totals.skipped);
        assertEquals(6, page[0].totals.reEngaged);
        assertEquals(new BigDecimal("0.5455"), page[0].totals.rate); // 6 / 11
        page[0].items.stream().filter(n -> n.customerId.equals(customers.get("P1").id)).forEach(n ->
                assertEquals(notified.plus(Duration.ofDays(10)), n.windowEndsAt));

        // The window is read, not stored: a longer one takes in what came later.
        Map<String, ReEngagement> thirtyDays = read(30, page);
        assertReEngaged(thirtyDays, "C1", Kind.CASE_OPENED, opened);
        assertReEngaged(thirtyDays, "P2", Kind.PURCHASE, startOf(endDay.plusDays(1)));
        assertReEngaged(thirtyDays, "A5", Kind.BETTER_ANSWER, notified.plus(Duration.ofDays(10))
                .plus(Duration.ofHours(1)));
        assertNull(thirtyDays.get("A4"));
        assertNull(thirtyDays.get("S"), "a case opened by Winback itself is no re-engagement");
        assertNull(thirtyDays.get("B"));
        assertEquals(9, page[0].totals.reEngaged);
        assertEquals(new BigDecimal("0.8182"), page[0].totals.rate); // 9 / 11
        assertEquals(9L, withWindow(30).totals(java.util.List.of(improvements.get(improvementId, MANAGER)), MANAGER)
                .get(improvementId).reEngaged);
    }

    @Test
    void aBetterAnswerIsABetterBandOrAHigherScoreOfTheSameKind() {
        ReEngagements rule = new ReEngagements(ReputationFixture.settings(Map.of()));
        assertEquals(true, rule.better(dev.winback.reputation.SurveyKind.CSAT, 3, dev.winback.reputation.SurveyKind
                .NPS, 6), "passive after a detractor");
        assertEquals(false, rule.better(dev.winback.reputation.SurveyKind.CSAT, 2, dev.winback.reputation.SurveyKind
                .NPS, 1), "both detractors, different scales");
        assertEquals(true, rule.better(dev.winback.reputation.SurveyKind.NPS, 2, dev.winback.reputation.SurveyKind
                .NPS, 1), "a higher score of the same kind");
        assertEquals(false, rule.better(dev.winback.reputation.SurveyKind.NPS, 9, dev.winback.reputation.SurveyKind
                .NPS, 10), "a lower promoter");
        assertEquals(false, rule.better(dev.winback.reputation.SurveyKind.NPS, 6, null, null), "a first detractor");
        assertEquals(true, rule.better(dev.winback.reputation.SurveyKind.CSAT, 3, null, null), "a first passive");
    }
}
