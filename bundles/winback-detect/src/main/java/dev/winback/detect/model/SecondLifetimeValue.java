package dev.winback.detect.model;

/**
 * What winning a lost customer back is worth: the purchases they would make over a horizon if they came back, times
 * what they spent per purchase. Used to rank lapsed customers, not to book revenue.
 *
 * <p>Why this formula:
 * <ul>
 * <li><b>Coming back.</b> A win-back is a purchase; it starts a second relationship the way the first purchase
 * started the first, so it counts once, and the BG/NBD's repeat purchases follow it.</li>
 * <li><b>Rate.</b> A won-back customer is taken to buy at the rate they showed while active. In the BG/NBD, a
 * customer with x repeat purchases who dropped out right after the last one, at t<sub>x</sub>, has purchase rate
 * Gamma(r+x, α+t<sub>x</sub>): the population's rate updated with their own purchases, the silence after
 * t<sub>x</sub> counted as absence rather than as a slow rate. That silence is what the win-back undoes; counting
 * it would rank everyone who has been gone long as a slow buyer. Customers with few purchases stay close to the
 * population's rate, so one busy week does not put them on top.</li>
 * <li><b>Dropout.</b> After coming back they may leave again like any customer: the population's Beta(a, b).
 * Their own dropout is the loss the recovery case addresses, so it is not held against them twice.</li>
 * <li><b>Repeat purchases.</b> With that rate and dropout, the expected repeat purchases over the horizon H are the
 * paper's E[X(t)] (eq. 7) with (r, α) replaced by (r+x, α+t<sub>x</sub>).</li>
 * <li><b>Money.</b> The customer's own average spend per purchase day. No spend model (gamma-gamma) and no
 * discounting: over a horizon of a year or two they change the figure little and the ranking less, and a rep can
 * follow the figure.</li>
 * </ul>
 * So the value is m (1 + E[X(H) | r+x, α+t<sub>x</sub>, a, b]).
 */
public final class SecondLifetimeValue {
    private SecondLifetimeValue() {
    }

    /**
     * @param model the fitted model, in weeks
     * @param customer the lost customer's summary
     * @param horizonWeeks how far ahead to count, such as 52
     * @return expected spend over the horizon if the customer comes back, in the currency of the purchases
     */
    public static double of(BgNbdModel model, CustomerSummary customer, double horizonWeeks) {
        return expectedPurchasesIfWonBack(model, customer.repeatBuying(), horizonWeeks) * customer.monetaryValue();
    }

    /** Expected purchases over the horizon, the return purchase included, for a customer who comes back now. */
    public static double expectedPurchasesIfWonBack(BgNbdModel model, RepeatBuying history, double horizon) {
        if (!(horizon >= 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("the horizon must be finite and >= 0, was " + horizon);
        }
        return 1 + BgNbdModel.expectedPurchasesWhileAlive(model.a(), model.r() + history.frequency(),
                model.alpha() + history.recency(), model.b(), horizon);
    }
}
