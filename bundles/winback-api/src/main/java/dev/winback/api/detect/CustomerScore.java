package dev.winback.api.detect;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Where one customer stands: RFM figures from their purchase history up to {@link #asOf}, and what the latest
 * detection run's model makes of them.
 */
public class CustomerScore {
    public UUID customerId;
    public LocalDate asOf;
    public LocalDate firstPurchase;
    public LocalDate lastPurchase;
    /** R: days from the last purchase to {@link #asOf}. */
    public long recencyDays;
    /** F: repeat purchases, counted as distinct purchase days after the first. */
    public int frequency;
    /** M: average spend per purchase day. */
    public BigDecimal monetaryValue;
    public BigDecimal totalSpend;
    /** The customer's usual gap between purchase days, or null for a one-time buyer. */
    public Double usualGapDays;
    /** Probability that the customer is still active (has not silently left). */
    public double probabilityAlive;
    /** Purchase days expected in the next {@link #horizonWeeks} weeks. */
    public double expectedPurchases;
    public double horizonWeeks;
    /**
     * The value of winning the customer back: their average spend per purchase day times the purchase days they
     * would make over the horizon if they came back now (the return purchase included), at the rate they showed
     * while active. Ranks lapsed customers; it is not booked revenue.
     */
    public BigDecimal secondLifetimeValue;
    /** The detection run whose model scored this. */
    public UUID modelRunId;
    public FittedModel model;
}
