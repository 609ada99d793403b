package dev.winback.api.detect;

/** The kinds of admin rule that flag a customer as lapsed from recency, frequency and monetary value alone. */
public enum RfmRuleType {
    /** No purchase in the last {@code days} days before the calibration end. Catches one-time buyers too. */
    NO_PURCHASE_IN_DAYS,
    /**
     * Silent for more than {@code multiple} times the customer's own usual gap between purchase days (the span
     * from first to last purchase divided by the repeat purchases). Needs at least one repeat purchase.
     */
    SILENT_FOR_USUAL_GAPS
}
