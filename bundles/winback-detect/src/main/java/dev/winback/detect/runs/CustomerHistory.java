package dev.winback.detect.runs;

import dev.winback.api.store.PurchaseHistory;
import dev.winback.detect.model.CustomerSummary;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One customer as detection sees them at a cut-off day: the database's summary of their purchases, and the same
 * as the model's {@link CustomerSummary}.
 *
 * @param history what the store summed up
 * @param summary recency, frequency and monetary value in the model's terms
 */
record CustomerHistory(PurchaseHistory history, CustomerSummary summary) {

    /**
     * Frequency is the purchase days after the first; the monetary value is the spend per purchase day, refunds
     * netted, and never below 0 (a customer who returned everything is worth nothing, not less).
     *
     * @param until the cut-off day: the calibration end of a run, or the day a score is asked for
     */
    static CustomerHistory of(PurchaseHistory history, LocalDate until) {
        double spend = Math.max(0, history.totalSpend().doubleValue());
        CustomerSummary summary = new CustomerSummary(history.customerId().toString(), history.firstPurchase(),
                history.lastPurchase(), until, history.purchaseDays() - 1, spend / history.purchaseDays());
        return new CustomerHistory(history, summary);
    }

    /** Days from the last purchase to the cut-off: recency in the RFM sense. */
    long daysSilent() {
        return ChronoUnit.DAYS.between(summary.lastPurchase(), summary.observedUntil());
    }

    /** The customer's usual gap between purchase days, or null for a one-time buyer, who has none. */
    Double usualGapDays() {
        int repeats = summary.frequency();
        return repeats == 0 ? null
                : (double) ChronoUnit.DAYS.between(summary.firstPurchase(), summary.lastPurchase()) / repeats;
    }

    BigDecimal totalSpend() {
        return history.totalSpend();
    }
}
