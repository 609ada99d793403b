package dev.winback.detect.model;

/**
 * A customer's purchase history as the BG/NBD model sees it, in one time unit (weeks throughout Winback), measured
 * from the customer's first purchase.
 *
 * @param frequency x, the number of repeat purchases (the first purchase is not counted)
 * @param recency t<sub>x</sub>, when the last purchase happened; 0 when there was no repeat purchase
 * @param age T, how long the customer has been observed
 */
public record RepeatBuying(int frequency, double recency, double age) {
    public RepeatBuying {
        if (frequency < 0) {
            throw new IllegalArgumentException("frequency must be >= 0, was " + frequency);
        }
        if (!(recency >= 0) || !(age >= recency) || Double.isInfinite(age)) {
            throw new IllegalArgumentException(
                    "need 0 <= recency <= age < infinity, was recency " + recency + ", age " + age);
        }
        if (frequency == 0 && recency != 0) {
            throw new IllegalArgumentException("without repeat purchases the recency is 0, was " + recency);
        }
    }
}
