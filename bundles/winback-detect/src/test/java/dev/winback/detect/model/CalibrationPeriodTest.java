package dev.winback.detect.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationPeriodTest {
    private static final LocalDate END = LocalDate.of(1997, 9, 30);
    private static final CalibrationPeriod CALIBRATION = new CalibrationPeriod(END);

    private static Purchase buy(String customer, String date, double amount) {
        return new Purchase(customer, LocalDate.parse(date), amount);
    }

    @Test
    void purchasesOnOneDayAreOnePurchase() {
        List<CustomerSummary> summaries = CALIBRATION.summarize(List.of(
                buy("ann", "1997-01-01", 10), buy("ann", "1997-01-01", 5),
                buy("ann", "1997-01-15", 20), buy("ann", "1997-01-15", 10), buy("ann", "1997-03-12", 15)));
        CustomerSummary ann = summaries.get(0);
        assertEquals(2, ann.frequency());
        assertEquals(LocalDate.parse("1997-01-01"), ann.firstPurchase());
        assertEquals(LocalDate.parse("1997-03-12"), ann.lastPurchase());
        // 60 dollars over 3 purchase days
        assertEquals(20.0, ann.monetaryValue(), 1e-12);
    }

    @Test
    void timesAreWeeksFromTheFirstPurchase() {
        CustomerSummary ann = CALIBRATION.summarize(List.of(
                buy("ann", "1997-03-12", 15), buy("ann", "1997-01-01", 10))).get(0);
        assertEquals(70 / 7.0, ann.recencyWeeks(), 1e-12);
        assertEquals(272 / 7.0, ann.ageWeeks(), 1e-12);
        assertEquals(202 / 7.0, ann.weeksSinceLastPurchase(), 1e-12);
        assertEquals(new RepeatBuying(1, 10.0, 272 / 7.0), ann.repeatBuying());
    }

    @Test
    void aSinglePurchaseHasNoRepeatAndKeepsItsValue() {
        CustomerSummary bob = CALIBRATION.summarize(List.of(buy("bob", "1997-09-30", 42))).get(0);
        assertEquals(new RepeatBuying(0, 0, 0), bob.repeatBuying());
        assertEquals(42.0, bob.monetaryValue(), 1e-12);
    }

    @Test
    void laterPurchasesAndLaterCustomersAreLeftOut() {
        List<CustomerSummary> summaries = CALIBRATION.summarize(List.of(
                buy("ann", "1997-01-01", 10), buy("ann", "1997-10-01", 99),
                buy("cid", "1997-10-01", 30)));
        assertEquals(1, summaries.size());
        assertEquals(0, summaries.get(0).frequency());
        assertEquals(10.0, summaries.get(0).monetaryValue(), 1e-12);
    }

    @Test
    void holdoutCountsDistinctDaysOfCalibratedCustomers() {
        List<Purchase> purchases = List.of(
                buy("ann", "1997-01-01", 10), buy("ann", "1997-09-30", 10),
                buy("ann", "1997-10-01", 5), buy("ann", "1997-10-01", 5), buy("ann", "1998-06-30", 5),
                buy("ann", "1998-07-01", 5),
                buy("bob", "1997-02-01", 10),
                buy("cid", "1997-10-02", 30), buy("cid", "1997-11-02", 30));
        Map<String, Integer> holdout = CALIBRATION.holdoutPurchases(purchases, LocalDate.of(1998, 6, 30));
        assertEquals(Map.of("ann", 2, "bob", 0), holdout);
        assertEquals(39.0, CALIBRATION.weeksUntil(LocalDate.of(1998, 6, 30)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CALIBRATION.holdoutPurchases(purchases, END));
    }

    @Test
    void summariesRejectImpossibleHistories() {
        LocalDate d = LocalDate.parse("1997-01-01");
        assertThrows(IllegalArgumentException.class,
                () -> new CustomerSummary("x", d, d.minusDays(1), END, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CustomerSummary("x", d, d.plusDays(2), END, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> new CustomerSummary("x", d, d.plusDays(2), END, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CustomerSummary("x", d, d, END, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Purchase("x", d, Double.NaN));
    }
}
