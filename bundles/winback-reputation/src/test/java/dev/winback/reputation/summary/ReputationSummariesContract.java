package dev.winback.reputation.summary;

import static dev.winback.reputation.summary.SummaryData.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.reputation.Band;
import dev.winback.reputation.ReputationFixture;
import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.SurveyKind;
import dev.winback.reputation.shell.NpsCommand;
import dev.winback.reputation.summary.ReputationSummary.Move;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every figure of the summary against a small dataset computed by hand (the arithmetic is beside each expectation),
 * over the real core services and the module's schema. The window is March 2026; the summary is made on
 * 2026-04-01 at 12:00 UTC, when the SLA of a complaint answered after 2026-03-30 12:00 has not run out.
 */
abstract class ReputationSummariesContract {
    static final String FROM = "2026-03-01";
    static final String TO = "2026-03-31";
    static final Actor REP = ReputationFixture.REP1;

    ReputationFixture f;
    SummaryData data;
    ReputationSummaries summaries;

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void start() {
        f = new ReputationFixture(newDatabase());
        data = new SummaryData(f);
        summaries = new ReputationSummaries(f.db, ReputationFixture.settings(Map.of()),
                Clock.fixed(at("2026-04-01T12:00"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private ReputationSummary march() {
        return summary(null, null, null, null);
    }

    private ReputationSummary summary(String segment, String strategy, String unhappyTells, String happyTells) {
        return summaries.summarize(summaries.query(FROM, TO, segment, strategy, unhappyTells, happyTells), REP);
    }

    private static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals(new BigDecimal(expected), actual, "expected " + expected + ", got " + actual);
    }

    /** Detractors, passives and promoters (or unsatisfied, neutral and satisfied) against the expected ones. */
    private static void assertCounts(long detractors, long passives, long promoters, long... expected) {
        assertEquals(List.of(expected[0], expected[1], expected[2]), List.of(detractors, passives, promoters),
                "detractors, passives, promoters");
    }

    private static void assertMove(long detractors, long toPassive, long toPromoter, long still, long noLater,
            Move m) {
        assertEquals(detractors, m.detractors, "detractors");
        assertEquals(toPassive, m.toPassive, "toPassive");
        assertEquals(toPromoter, m.toPromoter, "toPromoter");
        assertEquals(still, m.stillDetractor, "stillDetractor");
        assertEquals(noLater, m.noLaterAnswer, "noLaterAnswer");
    }

    @Test
    void bandsNpsAndCsatCountEachCustomersLatestAnswer() {
        Customer a = data.customer("A");
        data.nps(a, 3, "2026-03-02T10:00");
        data.nps(a, 9, "2026-03-10T10:00");
        data.nps(data.customer("B"), 8, "2026-03-05T10:00");
        Customer c = data.customer("C");
        data.nps(c, 5, "2026-03-06T10:00");
        data.csat(c, 5, "2026-03-20T10:00");
        data.csat(data.customer("D"), 2, "2026-03-07T10:00");
        Customer e = data.customer("E");
        data.nps(e, 10, "2026-03-01T00:00");
        data.nps(e, 6, "2026-03-31T23:59:59");

        ReputationSummary s = march();
        // A 2 + B 1 + C 2 + D 1 + E 2 answers; 5 customers.
        assertEquals(8, s.answers);
        assertEquals(0, s.corrections);
        assertEquals(5, s.respondents);
        // Latest answer of any kind: A 9 promoter, B 8 passive, C CSAT 5 promoter, D CSAT 2 detractor, E 6 detractor.
        assertCounts(s.bands.detractors, s.bands.passives, s.bands.promoters, 2, 1, 2);
        // Latest NPS answer: A 9 P, B 8 M, C 5 D, E 6 D (D has none): (1 − 2) / 4 × 100 = −25.0.
        assertEquals(4, s.nps.respondents);
        assertCounts(s.nps.detractors, s.nps.passives, s.nps.promoters, 2, 1, 1);
        assertDecimal("-25.0", s.nps.score);
        // Latest CSAT answer: C 5 satisfied, D 2 unsatisfied: 1 / 2 × 100 = 50.0.
        assertEquals(2, s.csat.respondents);
        assertCounts(s.csat.unsatisfied, s.csat.neutral, s.csat.satisfied, 1, 0, 1);
        assertDecimal("50.0", s.csat.score);
    }

    @Test
    void theWindowRunsFromFromMidnightToTheMidnightAfterTo() {
        Customer e = data.customer("E");
        data.nps(e, 0, "2026-02-28T23:59:59");
        data.nps(e, 10, "2026-03-01T00:00");
        data.nps(e, 6, "2026-03-31T23:59:59");
        data.nps(e, 9, "2026-04-01T00:00");

        ReputationSummary s = march();
        // In: the 10 at 03-01 00:00 and the 6 at 03-31 23:59:59; out: 02-28 23:59:59 and 04-01 00:00.
        assertEquals(2, s.answers);
        // The 6 is the latest in the window (the 9 at 04-01 00:00 is not): (0 − 1) / 1 × 100.
        assertEquals(1, s.bands.detractors);
        assertDecimal("-100.0", s.nps.score);
        // The first answer in the window was a promoter's: no detractor move, and the 0 of February is not a move.
        assertEquals(0, s.moves.noRecovery.detractors);
        assertEquals(LocalDate.of(2026, 3, 1), s.from);
        assertEquals(LocalDate.of(2026, 3, 31), s.to);
    }

    @Test
    void aCorrectedAnswerIsLeftOutAndItsCorrectionCountsInItsPlace() {
        Customer fiona = data.customer("F");
        UUID typo = data.nps(fiona, 2, "2026-03-08T10:00");
        data.correct(typo, 7);
        Customer g = data.customer("G");
        data.nps(g, 9, "2026-03-09T10:00");

        ReputationSummary s = march();
        // Counted: F's correction (7) and G's 9; F's 2 is replaced.
        assertEquals(2, s.answers);
        assertEquals(1, s.corrections);
        assertEquals(2, s.respondents);
        assertCounts(s.bands.detractors, s.bands.passives, s.bands.promoters, 0, 1, 1);
        // (1 − 0) / 2 × 100 = 50.0
        assertDecimal("50.0", s.nps.score);
        // The corrected 2 is no detractor answer: no move, no one to rescue.
        assertEquals(0, s.moves.noRecovery.detractors + s.moves.wentThroughRecovery.detractors);
        assertEquals(0, s.rescue.detractors);
    }

    @Test
    void answersGivenAtTheSameTimeAreOrderedByWhenTheyWereRecordedThenById() {
        Customer g = data.customer("G");
        // Same time given; the 3 was recorded later, so it is the latest and the 9 the first.
        data.answer(g, "NPS", 9, at("2026-03-10T12:00"), at("2026-03-10T12:01"), UUID.randomUUID());
        data.answer(g, "NPS", 3, at("2026-03-10T12:00"), at("2026-03-10T12:05"), UUID.randomUUID());
        Customer h = data.customer("H");
        // Same time given and recorded: the greater id is the later one.
        data.answer(h, "NPS", 4, at("2026-03-11T12:00"), at("2026-03-11T12:00"),
                UUID.fromString("00000000-0000-0000-0000-000000000002"));
        data.answer(h, "NPS", 10, at("2026-03-11T12:00"), at("2026-03-11T12:00"),
                UUID.fromString("00000000-0000-0000-0000-000000000001"));

        ReputationSummary s = march();
        // G's latest is the 3 (detractor), H's the 4 (detractor).
        assertEquals(2, s.bands.detractors);
        assertEquals(0, s.bands.promoters);
        // G's first is the 9: no move. H's first is the 10: no move either.
        assertEquals(0, s.moves.noRecovery.detractors);
        // Both have a detractor answer: (0 − 2) / 2 × 100.
        assertDecimal("-100.0", s.nps.score);
        assertEquals(2, s.rescue.detractors);
    }

    @Test
    void onlyCsatAnswersGiveNoNps() {
        data.csat(data.customer("A"), 5, "2026-03-02T10:00");
        data.csat(data.customer("B"), 3, "2026-03-03T10:00");
        data.csat(data.customer("C"), 1, "2026-03-04T10:00");
        data.csat(data.customer("D"), 4, "2026-03-05T10:00");

        ReputationSummary s = march();
        assertEquals(0, s.nps.respondents);
        assertNull(s.nps.score);
        // 5 and 4 satisfied, 3 neutral, 1 unsatisfied: 2 / 4 × 100 = 50.0.
        assertEquals(4, s.csat.respondents);
        assertCounts(s.csat.unsatisfied, s.csat.neutral, s.csat.satisfied, 1, 1, 2);
        assertDecimal("50.0", s.csat.score);
        assertCounts(s.bands.detractors, s.bands.passives, s.bands.promoters, 1, 1, 2);
    }

    @Test
    void anEmptyWindowHasZeroCountsAndNoRatios() {
        data.nps(data.customer("Outside"), 2, "2026-02-10T10:00");

        ReputationSummary s = march();
        assertEquals(0, s.answers);
        assertEquals(Map.of("API", 0L, "IMPORT", 0L, "LINK", 0L), s.answersByChannel);
        assertEquals(0, s.correctedAway);
        assertEquals(0, s.respondents);
        assertNull(s.nps.score);
        assertNull(s.csat.score);
        assertNull(s.moves.wentThroughRecovery.toPassiveRate);
        assertEquals(0, s.closeTheLoop.complaints);
        assertNull(s.closeTheLoop.closeTheLoopRate);
        assertNull(s.closeTheLoop.medianHoursToFirstContact);
        assertNull(s.rescue.rescueRate);
        assertEquals(0, s.recoveryParadox.wonBack);
        assertNull(s.recoveryParadox.paradox);
        assertNull(s.recoveryParadox.meanScoreBefore);
        assertDecimal("0.0", s.wordOfMouth.netReach);
        assertDecimal("0.00", s.advocacy.referralRevenue);
    }

    /**
     * The moves dataset: first-time detractors with and without a completed contacting step of one of their cases
     * between their first detractor answer and their latest answer.
     */
    private void moves() {
        Customer m1 = data.customer("M1");
        data.nps(m1, 2, "2026-03-02T10:00");
        data.nps(m1, 8, "2026-03-20T10:00");
        data.contacted(data.openedAt(m1, "2026-03-05T09:00"), "2026-03-06T11:00");
        Customer m2 = data.customer("M2");
        data.nps(m2, 4, "2026-03-02T10:00");
        data.nps(m2, 10, "2026-03-25T10:00");
        data.contacted(data.closed(m2, CaseStatus.CLOSED_NEVER, "2026-02-01T09:00", "2026-03-03T09:00"),
                "2026-03-03T08:00");
        Customer m3 = data.customer("M3");
        data.nps(m3, 1, "2026-03-03T10:00");
        data.nps(m3, 5, "2026-03-28T10:00");
        data.contacted(data.openedAt(m3, "2026-03-29T09:00"), "2026-03-29T10:00");
        data.csat(data.customer("M4"), 1, "2026-03-04T10:00");
        Customer m5 = data.customer("M5");
        data.nps(m5, 6, "2026-03-04T10:00");
        data.csat(m5, 4, "2026-03-15T10:00");
        data.contacted(data.closed(m5, CaseStatus.CLOSED_NO_RESPONSE, "2026-01-01T09:00", "2026-02-20T09:00"),
                "2026-02-15T10:00");
        Customer m6 = data.customer("M6");
        data.nps(m6, 9, "2026-03-01T10:00");
        data.nps(m6, 3, "2026-03-09T10:00");
        Customer m7 = data.customer("M7");
        data.nps(m7, 3, "2026-03-05T10:00");
        data.nps(m7, 2, "2026-03-06T10:00");
        data.contacted(data.openedAt(m7, "2026-03-06T09:00"), "2026-03-06T10:00");
        // The case the module opens for a detractor answer, open all along: a step that does not contact the
        // customer was done, and the call is still planned.
        Customer m8 = data.customer("M8");
        data.nps(m8, 2, "2026-03-07T10:00");
        data.nps(m8, 9, "2026-03-20T10:00");
        RecoveryCase m8Case = data.openedAt(m8, "2026-03-07T10:00");
        data.step(m8Case, false, "2026-03-10T10:00");
        data.step(m8Case, true, null);
        Customer m9 = data.customer("M9");
        data.nps(m9, 3, "2026-03-08T10:00");
        data.nps(m9, 7, "2026-03-21T10:00");
        data.contacted(data.openedAt(m9, "2026-03-01T09:00"), "2026-03-08T10:00");
    }

    @Test
    void detractorMovesAreSplitByWhetherTheCustomerWasContactedBetweenTheAnswers() {
        moves();
        ReputationSummary s = march();
        // Went through recovery: M1 2 → 8 (contacted 03-06), M2 4 → 10 (contacted 03-03 08:00 on a case closed
        // since, after the first answer of 03-02), M7 3 → 2 (contacted at the very time of the latest answer),
        // M9 3 → 7 (contacted at the very time of the first answer).
        assertMove(4, 2, 1, 1, 0, s.moves.wentThroughRecovery);
        // Rates over the 4 with a later answer: 2 / 4, 1 / 4, 1 / 4.
        assertDecimal("50.0", s.moves.wentThroughRecovery.toPassiveRate);
        assertDecimal("25.0", s.moves.wentThroughRecovery.toPromoterRate);
        assertDecimal("25.0", s.moves.wentThroughRecovery.stillDetractorRate);
        // No recovery: M3 1 → 5 (contacted after the latest answer), M4 CSAT 1 alone, M5 6 → CSAT 4 (contacted
        // before the first answer), M8 2 → 9 (a case open all along, but no contact done). M6 began as a promoter.
        assertMove(4, 0, 2, 1, 1, s.moves.noRecovery);
        // Over the 3 with a later answer: 0 / 3, 2 / 3 = 66.67, 1 / 3 = 33.33.
        assertDecimal("0.0", s.moves.noRecovery.toPassiveRate);
        assertDecimal("66.7", s.moves.noRecovery.toPromoterRate);
        assertDecimal("33.3", s.moves.noRecovery.stillDetractorRate);
    }

    @Test
    void anOpenCaseOrAContactOfAnotherCustomerIsNoRecovery() {
        Customer n1 = data.customer("N1");
        data.nps(n1, 1, "2026-03-02T10:00");
        data.nps(n1, 10, "2026-03-12T10:00");
        // Open from before the first answer to after the latest: under the old rule this was recovery.
        RecoveryCase open = data.closed(n1, CaseStatus.CLOSED_NEVER, "2026-03-01T09:00", "2026-03-30T09:00");
        data.step(open, true, null);
        Customer n2 = data.customer("N2");
        data.nps(n2, 2, "2026-03-03T10:00");
        data.nps(n2, 8, "2026-03-13T10:00");
        // Another customer's case, contacted between N2's answers.
        data.contacted(data.openedAt(data.customer("N3"), "2026-03-04T09:00"), "2026-03-05T09:00");
        // Contacted one second after the latest answer.
        Customer n4 = data.customer("N4");
        data.nps(n4, 0, "2026-03-04T10:00");
        data.nps(n4, 6, "2026-03-14T10:00");
        data.contacted(data.openedAt(n4, "2026-03-04T10:00"), "2026-03-14T10:00:01");

        ReputationSummary s = march();
        assertMove(0, 0, 0, 0, 0, s.moves.wentThroughRecovery);
        // N1 1 → 10 promoter, N2 2 → 8 passive, N4 0 → 6 still a detractor.
        assertMove(3, 1, 1, 1, 0, s.moves.noRecovery);
        // Nobody recovered: 0 × 7 + 0 × (7 + 3).
        assertDecimal("0.0", s.wordOfMouth.netReachRecovered);
    }

    @Test
    void answersAreCountedByChannelAndDetractorsCorrectedIntoAnotherBandAreShown() {
        data.answer(data.customer("A"), "NPS", 3, "2026-03-02T10:00", "API");
        // Corrections are recorded through the API (SummaryData.correct); a customer's own answer through a link is
        // never corrected.
        data.correct(data.answer(data.customer("B"), "NPS", 2, "2026-03-03T10:00", "API"), 8);
        data.correct(data.answer(data.customer("C"), "NPS", 5, "2026-03-04T10:00", "IMPORT"), 6);
        data.correct(data.answer(data.customer("D"), "NPS", 9, "2026-03-05T10:00", "API"), 1);
        data.correct(data.answer(data.customer("E", "smb"), "CSAT", 1, "2026-03-06T10:00", "IMPORT"), 4);
        data.correct(data.answer(data.customer("F"), "NPS", 0, "2026-02-27T10:00", "IMPORT"), 10);
        data.answer(data.customer("G"), "NPS", 10, "2026-03-07T10:00", "LINK");
        data.answer(data.customer("H"), "CSAT", 3, "2026-03-08T10:00", "IMPORT");
        // A correction corrected in turn: 2 → 8 → 3. Each replaced answer is compared with its own correction.
        UUID eight = data.correct(data.answer(data.customer("I"), "NPS", 2, "2026-03-09T10:00", "IMPORT"), 8);
        data.correct(eight, 3);

        ReputationSummary s = march();
        // Counted: A (API), the corrections of B, C, D, E (API), G (LINK), H (IMPORT), I's 3 (API); F's is in
        // February.
        assertEquals(8, s.answers);
        assertEquals(5, s.corrections);
        // API: A, B, C, D, E, I = 6.
        assertEquals(Map.of("API", 6L, "IMPORT", 1L, "LINK", 1L), s.answersByChannel);
        assertEquals(List.of("API", "IMPORT", "LINK"), List.copyOf(s.answersByChannel.keySet()));
        // Corrected away: B NPS 2 → 8, E CSAT 1 → 4, I's 2 → 8. Not: C 5 → 6 (still a detractor), D 9 → 1 (into
        // a detractor), I's 8 → 3 (not a detractor's), F 0 → 10 (before the window).
        assertEquals(3, s.correctedAway);

        ReputationSummary smb = summary("smb", null, null, null);
        // E alone: its correction (API), and its 1 corrected into a 4.
        assertEquals(Map.of("API", 1L, "IMPORT", 0L, "LINK", 0L), smb.answersByChannel);
        assertEquals(1, smb.correctedAway);
    }

    @Test
    void wordOfMouthUsesTheConfiguredMultipliersUnlessTheRequestGivesOthers() {
        moves();
        ReputationSummary s = march();
        // Bands by latest answer: M1 8 M, M2 10 P, M3 5 D, M4 1 D, M5 CSAT 4 P, M6 3 D, M7 2 D, M8 9 P, M9 7 M.
        assertEquals(4, s.bands.detractors);
        assertEquals(3, s.bands.promoters);
        assertEquals(ReputationSummaries.SETTINGS, s.wordOfMouth.multipliers);
        assertDecimal("7.0", s.wordOfMouth.unhappyTells);
        assertDecimal("3.0", s.wordOfMouth.happyTells);
        // 4 × 7 = 28; 3 × 3 = 9; 9 − 28 = −19.
        assertDecimal("28.0", s.wordOfMouth.negativeReach);
        assertDecimal("9.0", s.wordOfMouth.positiveReach);
        assertDecimal("-19.0", s.wordOfMouth.netReach);
        // Recovered (M1, M9 to passive; M2 to promoter): 2 × 7 + 1 × (7 + 3) = 24. M8's promoter is not counted.
        assertDecimal("24.0", s.wordOfMouth.netReachRecovered);

        ReputationSummary alt = summary(null, null, "10", "5");
        assertEquals(ReputationSummaries.REQUEST, alt.wordOfMouth.multipliers);
        // 4 × 10 = 40; 3 × 5 = 15; 15 − 40 = −25; 2 × 10 + 1 × (10 + 5) = 35.
        assertDecimal("40.0", alt.wordOfMouth.negativeReach);
        assertDecimal("15.0", alt.wordOfMouth.positiveReach);
        assertDecimal("-25.0", alt.wordOfMouth.netReach);
        assertDecimal("35.0", alt.wordOfMouth.netReachRecovered);

        // One multiplier given: the other is the configured one (3 × 3 − 4 × 2.5 = −1).
        ReputationSummary half = summary(null, null, "2.5", null);
        assertEquals(ReputationSummaries.REQUEST, half.wordOfMouth.multipliers);
        assertDecimal("-1.0", half.wordOfMouth.netReach);
    }

    @Test
    void theShellCommandPrintsEveryFigureAsATable() {
        moves();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpsCommand.print(march(), new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        // NPS of the moves dataset: latest NPS answers M1 8, M2 10, M3 5, M5 6, M6 3, M7 2, M8 9, M9 7:
        // (2 − 4) / 8 × 100.
        assertTrue(table.contains("NPS"), table);
        assertTrue(table.contains("-25.0"), table);
        assertTrue(table.contains("2 to passive (50.0 %), 1 to promoter (25.0 %), 1 still (25.0 %)"), table);
        // M1 … M9: 2 + 2 + 2 + 1 + 2 + 2 + 2 + 2 + 2 answers, all by API.
        assertTrue(table.contains("API 17, IMPORT 0, LINK 0"), table);
        for (String figure : new String[] {"CSAT", "Bands", "Answers by channel", "Corrected away", "Close the loop",
            "Median hours", "Rescue rate",
            "Recovery paradox", "Net word-of-mouth reach", "Net reach recovered", "Advocacy"}) {
            assertTrue(table.contains(figure), figure + " missing in\n" + table);
        }
    }

    @Test
    void configuredMultipliersApplyWithoutARequestOverride() {
        moves();
        ReputationSummaries alternative = new ReputationSummaries(f.db, ReputationFixture.settings(Map.of(
                "unhappyTells", 10.0, "happyTells", 5.0)), Clock.fixed(at("2026-04-01T12:00"), ZoneOffset.UTC));
        ReputationSummary s = alternative.summarize(alternative.query(FROM, TO, null, null, null, null), REP);
        assertEquals(ReputationSummaries.SETTINGS, s.wordOfMouth.multipliers);
        // 3 × 5 − 4 × 10 = −25.
        assertDecimal("-25.0", s.wordOfMouth.netReach);
    }

    @Test
    void closingTheLoopCountsComplaintsByFirstContactAgainstTheirSla() {
        Customer k = data.customer("K");
        data.complaint(k, "OPENED", "2026-03-02T10:00", "2026-03-03T10:00");    // in time, 24 h
        data.complaint(k, "ATTACHED", "2026-03-05T00:00", "2026-03-07T00:00");  // in time, 48 h: at the due time
        data.complaint(k, "OPENED", "2026-03-10T00:00", "2026-03-13T12:00");    // late, 84 h
        data.complaint(k, "OPENED", "2026-03-25T00:00", "2026-03-25T06:00");    // in time, 6 h
        data.complaint(k, "OPENED", "2026-03-31T10:00", null);                  // due 04-02 10:00: awaiting
        data.complaint(k, "OPENED", "2026-03-20T00:00", null);                  // due 03-22: overdue
        data.complaint(k, "NOT_OPENED", "2026-03-15T00:00", null);              // not opened
        data.complaint(k, "OPENED", "2026-02-27T10:00", "2026-02-27T11:00");    // before the window
        data.complaint(k, "OPENED", "2026-04-01T00:00", "2026-04-01T01:00");    // after it

        ReputationSummary.CloseTheLoop l = march().closeTheLoop;
        assertEquals(7, l.complaints);
        assertEquals(3, l.contactedInTime);
        assertEquals(1, l.contactedLate);
        assertEquals(1, l.awaitingContact);
        assertEquals(1, l.overdue);
        assertEquals(1, l.notOpened);
        // 3 / 7 × 100 = 42.857 → 42.9
        assertDecimal("42.9", l.closeTheLoopRate);
        // Hours to first contact 6, 24, 48, 84: median (24 + 48) / 2 = 36.0.
        assertDecimal("36.0", l.medianHoursToFirstContact);
    }

    @Test
    void rescuedDetractorsBoughtOnALaterDayThanTheirFirstDetractorAnswer() {
        Customer r1 = data.customer("R1");
        data.nps(r1, 3, "2026-03-10T22:00");
        data.purchase(r1, "2026-03-10", "80.00");   // the same day: not yet
        data.purchase(r1, "2026-03-11", "100.00");  // the day after: rescued
        Customer r2 = data.customer("R2");
        data.nps(r2, 5, "2026-03-12T10:00");
        data.purchase(r2, "2026-03-13", "-50.00");  // a refund is no purchase
        Customer r3 = data.customer("R3");
        data.nps(r3, 2, "2026-03-20T10:00");
        data.purchase(r3, "2026-04-01", "70.00");   // after the window
        Customer r4 = data.customer("R4");
        data.nps(r4, 9, "2026-03-02T10:00");
        data.nps(r4, 4, "2026-03-05T10:00");
        data.purchase(r4, "2026-03-06", "20.00");   // after the first detractor answer: rescued
        Customer r5 = data.customer("R5");
        data.nps(r5, 10, "2026-03-03T10:00");
        data.purchase(r5, "2026-03-04", "20.00");   // never a detractor

        ReputationSummary.Rescue r = march().rescue;
        // Detractors R1, R2, R3, R4; rescued R1 and R4: 2 / 4 × 100 = 50.0.
        assertEquals(4, r.detractors);
        assertEquals(2, r.rescued);
        assertDecimal("50.0", r.rescueRate);
    }

    @Test
    void theRecoveryParadoxComparesNpsBeforeAndAfterEachWinBack() {
        Customer p1 = data.customer("P1");
        data.nps(p1, 3, "2026-02-10T10:00");                // before the window still counts as before
        data.closed(p1, CaseStatus.WON_BACK, "2026-02-01T09:00", "2026-03-10T09:00");
        data.nps(p1, 9, "2026-03-20T10:00");
        Customer p2 = data.customer("P2");
        data.nps(p2, 6, "2026-03-01T10:00");
        data.nps(p2, 5, "2026-03-02T10:00");                // latest before: 5
        data.closed(p2, CaseStatus.WON_BACK, "2026-02-01T09:00", "2026-03-05T09:00");
        data.nps(p2, 8, "2026-03-15T10:00");
        data.nps(p2, 10, "2026-03-30T10:00");               // latest after: 10
        Customer p3 = data.customer("P3");
        data.nps(p3, 9, "2026-01-05T10:00");
        data.closed(p3, CaseStatus.WON_BACK, "2026-01-01T09:00", "2026-03-12T09:00");
        data.nps(p3, 9, "2026-03-12T09:00");                // at the win-back: after
        Customer p4 = data.customer("P4");
        data.nps(p4, 4, "2026-03-01T10:00");
        data.closed(p4, CaseStatus.WON_BACK, "2026-02-01T09:00", "2026-03-08T09:00");
        data.nps(p4, 10, "2026-04-02T10:00");               // after the window: no pair
        Customer p5 = data.customer("P5");
        data.nps(p5, 2, "2026-03-01T10:00");
        data.closed(p5, CaseStatus.CLOSED_NEVER, "2026-02-01T09:00", "2026-03-08T09:00");
        data.nps(p5, 10, "2026-03-20T10:00");               // not won back
        Customer p6 = data.customer("P6");
        data.nps(p6, 2, "2026-02-01T10:00");
        data.closed(p6, CaseStatus.WON_BACK, "2026-01-01T09:00", "2026-02-20T09:00");
        data.nps(p6, 10, "2026-03-20T10:00");               // won back before the window

        ReputationSummary.RecoveryParadox p = march().recoveryParadox;
        assertEquals(4, p.wonBack);
        assertEquals(3, p.pairs);
        // Before: 3 D, 5 D, 9 P → (1 − 2) / 3 × 100 = −33.3; after: 9, 10, 9 all P → 100.0.
        assertDecimal("-33.3", p.npsBefore);
        assertDecimal("100.0", p.npsAfter);
        // 100.0 − (−33.3)
        assertDecimal("133.3", p.paradox);
        // (3 + 5 + 9) / 3 = 5.67 → 5.7; (9 + 10 + 9) / 3 = 9.33 → 9.3.
        assertDecimal("5.7", p.meanScoreBefore);
        assertDecimal("9.3", p.meanScoreAfter);
    }

    @Test
    void advocacyCountsEventsAndTheReferredCustomersPurchasesFromTheirReferral() {
        Customer a1 = data.customer("A1");
        Customer a2 = data.customer("A2");
        Customer x = data.customer("X");
        Customer y = data.customer("Y");
        data.advocacy(a1, "TESTIMONIAL", "2026-03-03", null);
        data.advocacy(a1, "PUBLIC_REVIEW", "2026-03-04", null);
        data.advocacy(a1, "REFERRAL", "2026-03-10", x);
        data.advocacy(a1, "REFERRAL", "2026-02-20", y);   // before the window
        data.advocacy(a2, "REFERRAL", "2026-03-31", x);   // X again: each purchase counts once
        data.advocacy(a2, "REFERRAL", "2026-03-15", null);
        data.purchase(x, "2026-03-09", "100.00");         // before the referral
        data.purchase(x, "2026-03-10", "200.00");         // the referral's day
        data.purchase(x, "2026-03-20", "-30.00");         // a refund
        data.purchase(x, "2026-03-31", "50.00");
        data.purchase(x, "2026-04-01", "500.00");         // after the window
        data.purchase(y, "2026-03-12", "1000.00");        // referred before the window

        ReputationSummary.Advocacy a = march().advocacy;
        assertEquals(1, a.testimonials);
        assertEquals(1, a.publicReviews);
        assertEquals(3, a.referrals);
        // 200 + 50
        assertDecimal("250.00", a.referralRevenue);
    }

    @Test
    void aSegmentFilterKeepsOnlyThatSegmentsCustomersInEveryFigure() {
        Customer big = data.customer("E1", "Enterprise");
        Customer small = data.customer("S1", "smb");
        data.nps(big, 2, "2026-03-02T10:00");
        data.complaint(big, "OPENED", "2026-03-02T10:00", "2026-03-02T12:00");
        data.advocacy(big, "TESTIMONIAL", "2026-03-05", null);
        data.nps(small, 10, "2026-03-03T10:00");
        data.complaint(small, "NOT_OPENED", "2026-03-03T10:00", null);
        data.advocacy(small, "TESTIMONIAL", "2026-03-06", null);
        data.advocacy(small, "REFERRAL", "2026-03-06", big);
        data.purchase(big, "2026-03-07", "40.00");

        ReputationSummary all = march();
        assertEquals(2, all.respondents);
        // (1 − 1) / 2 × 100
        assertDecimal("0.0", all.nps.score);
        assertEquals(2, all.closeTheLoop.complaints);
        assertEquals(2, all.advocacy.testimonials);
        assertEquals(1, all.advocacy.referrals);
        assertDecimal("40.00", all.advocacy.referralRevenue);

        ReputationSummary s = summary("ENTERPRISE", null, null, null);
        assertEquals("enterprise", s.segment);
        assertEquals(1, s.respondents);
        // (0 − 1) / 1 × 100
        assertDecimal("-100.0", s.nps.score);
        assertEquals(1, s.closeTheLoop.complaints);
        assertEquals(1, s.closeTheLoop.contactedInTime);
        assertEquals(1, s.rescue.rescued);
        assertEquals(1, s.advocacy.testimonials);
        // The referral was made by the smb customer.
        assertEquals(0, s.advocacy.referrals);
        assertDecimal("0.00", s.advocacy.referralRevenue);

        // A segment no customer has: nothing at all.
        ReputationSummary none = summary("consumer", null, null, null);
        assertEquals(0, none.respondents);
        assertEquals(0, none.closeTheLoop.complaints);
        assertEquals(0, none.advocacy.testimonials);
    }

    @Test
    void aStrategyFilterKeepsOnlyCustomersOfThatStrategysCases() {
        Customer t1 = data.customer("T1");
        data.nps(t1, 3, "2026-03-02T10:00");
        RecoveryCase c1 = data.closed(t1, CaseStatus.WON_BACK, "2026-02-01T09:00", "2026-03-10T09:00");
        data.runBy(c1, "surprise24");
        data.contacted(c1, "2026-03-05T09:00");
        data.nps(t1, 9, "2026-03-20T10:00");
        Customer t2 = data.customer("T2");
        data.nps(t2, 4, "2026-03-03T10:00");
        RecoveryCase c2 = data.closed(t2, CaseStatus.WON_BACK, "2026-02-01T09:00", "2026-03-12T09:00");
        data.runBy(c2, "code99");
        data.contacted(c2, "2026-03-11T09:00");
        data.nps(t2, 10, "2026-03-25T10:00");
        data.nps(data.customer("T3"), 1, "2026-03-04T10:00");

        ReputationSummary all = march();
        assertEquals(3, all.respondents);
        assertEquals(2, all.recoveryParadox.wonBack);
        assertMove(2, 0, 2, 0, 0, all.moves.wentThroughRecovery);

        ReputationSummary s = summary(null, "Surprise24", null, null);
        assertEquals(1, s.respondents);
        // T1: 3 → 9, contacted on 03-05 between the two.
        assertMove(1, 0, 1, 0, 0, s.moves.wentThroughRecovery);
        assertEquals(0, s.moves.noRecovery.detractors);
        // One pair, 3 before and 9 after: −100.0 → 100.0.
        assertEquals(1, s.recoveryParadox.wonBack);
        assertEquals(1, s.recoveryParadox.pairs);
        assertDecimal("200.0", s.recoveryParadox.paradox);
    }

    @Test
    void theDatabaseBandsEveryScoreAsBandOfDoes() {
        ReputationSettings settings = ReputationFixture.settings(Map.of("npsDetractorMax", 5, "csatPromoterMin", 5));
        for (SurveyKind kind : SurveyKind.values()) {
            for (int score = kind.min; score <= kind.max; score++) {
                long band = f.database.count("SELECT " + AnswerFigures.band(settings, "'" + kind + "'",
                        String.valueOf(score)) + " FROM (VALUES (1)) v(x)");
                // 1, 2, 3: detractor, passive, promoter, as Band orders them.
                assertEquals(Band.of(kind, score, settings).ordinal() + 1, band, kind + " " + score);
            }
        }
    }

    @Test
    void theSummaryIsForWinbackUsers() {
        SummaryQuery q = summaries.query(FROM, TO, null, null, null, null);
        assertThrows(AccessDeniedException.class, () -> summaries.summarize(q, new Actor("guest", Set.of())));
    }
}
