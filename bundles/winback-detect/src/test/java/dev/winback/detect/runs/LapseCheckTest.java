package dev.winback.detect.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.winback.api.detect.RfmRule;
import dev.winback.api.store.PurchaseHistory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LapseCheckTest {
    static final LocalDate END = LocalDate.of(2026, 6, 30);

    /** A customer whose purchase days span first..last, silent since {@code last} until {@link #END}. */
    static CustomerHistory customer(LocalDate first, LocalDate last, int purchaseDays, String totalSpend) {
        return CustomerHistory.of(new PurchaseHistory(UUID.randomUUID(), first, last, purchaseDays,
                new BigDecimal(totalSpend), false), END);
    }

    static RfmRule withFloor(RfmRule rule, String minTotalSpend) {
        rule.minTotalSpend = new BigDecimal(minTotalSpend);
        return rule;
    }

    @Test
    void givesEveryReasonThatHoldsInWordsARepCanCheck() {
        // Last purchase 412 days before the end; 4 repeat days over 400 days: a usual gap of 100 days.
        LocalDate last = END.minusDays(412);
        CustomerHistory lapsed = customer(last.minusDays(400), last, 5, "250");
        LapseCheck check = new LapseCheck(0.3, List.of(RfmRule.noPurchaseInDays(365), RfmRule.silentForUsualGaps(3)));
        assertEquals("P(alive) 0.081 below 0.300; no purchase in 412 days (rule: 365); "
                + "silent for 412 days, 4.1 times the usual gap of 100.0 days (rule: 3)",
                check.reason(lapsed, 0.0812));
    }

    @Test
    void tinyProbabilitiesKeepTheirDigits() {
        CustomerHistory silent = customer(END.minusDays(300), END.minusDays(200), 9, "90");
        assertEquals("P(alive) 2.3e-10 below 1.0e-09", new LapseCheck(1e-9, List.of()).reason(silent, 2.34e-10));
        assertEquals("P(alive) 0.000 below 0.300", new LapseCheck(0.3, List.of()).reason(silent, 0));
        assertEquals("P(alive) 0.001 below 0.300", new LapseCheck(0.3, List.of()).reason(silent, 0.0005));
    }

    @Test
    void aCustomerNothingFlagsHasNoReason() {
        CustomerHistory active = customer(END.minusDays(100), END.minusDays(10), 6, "90");
        LapseCheck check = new LapseCheck(0.3, List.of(RfmRule.noPurchaseInDays(365), RfmRule.silentForUsualGaps(3)));
        assertNull(check.reason(active, 0.3), "the threshold is exclusive");
        assertEquals("P(alive) 0.299 below 0.300", check.reason(active, 0.2991));
    }

    /** The model gives one-time buyers P(alive) = 1: only the days-of-silence rule can flag them. */
    @Test
    void oneTimeBuyersAreFlaggedByDaysOfSilenceOnly() {
        CustomerHistory once = customer(END.minusDays(365), END.minusDays(365), 1, "20");
        assertNull(new LapseCheck(0.3, List.of(RfmRule.silentForUsualGaps(1.5))).reason(once, 1.0),
                "a one-time buyer has no usual gap");
        assertEquals("no purchase in 365 days (rule: 365)",
                new LapseCheck(0.3, List.of(RfmRule.noPurchaseInDays(365))).reason(once, 1.0));
        assertNull(new LapseCheck(0.3, List.of(RfmRule.noPurchaseInDays(366))).reason(once, 1.0));
    }

    @Test
    void silenceMustExceedTheMultipleOfTheUsualGap() {
        // Two repeat days over 60 days: a gap of 30 days; silent for exactly 3 gaps, then one day more.
        CustomerHistory exactly = customer(END.minusDays(150), END.minusDays(90), 3, "60");
        CustomerHistory beyond = customer(END.minusDays(151), END.minusDays(91), 3, "60");
        LapseCheck check = new LapseCheck(0.01, List.of(RfmRule.silentForUsualGaps(3)));
        assertNull(check.reason(exactly, 0.5));
        assertEquals("silent for 91 days, 3.0 times the usual gap of 30.0 days (rule: 3)",
                check.reason(beyond, 0.5));
    }

    @Test
    void aSpendFloorKeepsSmallAccountsFromRulesButNotFromTheModel() {
        LapseCheck check = new LapseCheck(0.3, List.of(withFloor(RfmRule.noPurchaseInDays(200), "100")));
        CustomerHistory small = customer(END.minusDays(500), END.minusDays(400), 2, "99.99");
        CustomerHistory large = customer(END.minusDays(500), END.minusDays(400), 2, "100.00");
        assertNull(check.reason(small, 0.9));
        assertEquals("P(alive) 0.100 below 0.300", check.reason(small, 0.1));
        assertEquals("no purchase in 400 days (rule: 200, for a total spend of 100 or more)",
                check.reason(large, 0.9));
    }

    @Test
    void aCustomerWhoReturnedEverythingIsWorthNothingNotLess() {
        CustomerHistory refunded = customer(END.minusDays(30), END.minusDays(10), 2, "-40");
        assertEquals(0.0, refunded.summary().monetaryValue());
        assertEquals(1, refunded.summary().frequency());
        assertEquals(20.0, refunded.usualGapDays());
        assertEquals(10, refunded.daysSilent());
    }
}
