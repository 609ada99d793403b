package dev.winback.detect.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Recency, frequency and monetary value of one customer up to a cut-off day, counted in purchase days. This is what
 * one {@code GROUP BY customer} over the purchases yields, so the database can build it as well as
 * {@link CalibrationPeriod#summarize}.
 *
 * <p>Recency follows the BG/NBD convention (time from first to last purchase, {@link #recencyWeeks()}); the RFM
 * sense, time since the last purchase, is {@link #weeksSinceLastPurchase()}.
 *
 * @param customerId the host's customer reference
 * @param firstPurchase day of the first purchase
 * @param lastPurchase day of the last purchase up to {@code observedUntil}
 * @param observedUntil the cut-off day (end of the calibration period)
 * @param frequency repeat purchases: distinct purchase days after the first one
 * @param monetaryValue average spend per purchase day, the first purchase included, so that a customer who bought
 *     once still has a value
 */
public record CustomerSummary(String customerId, LocalDate firstPurchase, LocalDate lastPurchase,
        LocalDate observedUntil, int frequency, double monetaryValue) {

    static final double DAYS_PER_WEEK = 7.0;

    public CustomerSummary {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(firstPurchase, "firstPurchase");
        Objects.requireNonNull(lastPurchase, "lastPurchase");
        Objects.requireNonNull(observedUntil, "observedUntil");
        if (lastPurchase.isBefore(firstPurchase) || observedUntil.isBefore(lastPurchase)) {
            throw new IllegalArgumentException(customerId + ": need firstPurchase <= lastPurchase <= observedUntil");
        }
        long span = ChronoUnit.DAYS.between(firstPurchase, lastPurchase);
        if (frequency < 0 || frequency > span || (frequency == 0) != (span == 0)) {
            throw new IllegalArgumentException(customerId + ": " + frequency
                    + " repeat purchase days do not fit between " + firstPurchase + " and " + lastPurchase);
        }
        if (!(monetaryValue >= 0) || Double.isInfinite(monetaryValue)) {
            throw new IllegalArgumentException(customerId + ": monetaryValue must be finite and >= 0");
        }
    }

    /** t<sub>x</sub>: weeks from the first to the last purchase. */
    public double recencyWeeks() {
        return ChronoUnit.DAYS.between(firstPurchase, lastPurchase) / DAYS_PER_WEEK;
    }

    /** T: weeks from the first purchase to the cut-off. */
    public double ageWeeks() {
        return ChronoUnit.DAYS.between(firstPurchase, observedUntil) / DAYS_PER_WEEK;
    }

    /** Recency in the RFM sense: weeks of silence before the cut-off. */
    public double weeksSinceLastPurchase() {
        return ChronoUnit.DAYS.between(lastPurchase, observedUntil) / DAYS_PER_WEEK;
    }

    /** The model's view of this customer, in weeks. */
    public RepeatBuying repeatBuying() {
        return new RepeatBuying(frequency, recencyWeeks(), ageWeeks());
    }
}
