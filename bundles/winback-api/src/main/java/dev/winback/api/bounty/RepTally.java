package dev.winback.api.bounty;

import java.math.BigDecimal;

/**
 * What a rep had earned under the same plan in one period before the win-back being calculated: the input of caps
 * and accelerators, frozen with the entries so the count cannot drift when later cases are added.
 */
public class RepTally {
    /** Won-back cases that earned the rep something under the plan in the period, this one not counted. */
    public int recoveries;
    /** The sum of the rep's entries under the plan in the period, in the plan's currency, reversals subtracted. */
    public BigDecimal earned = BigDecimal.ZERO;

    public RepTally() {
    }

    public RepTally(int recoveries, BigDecimal earned) {
        this.recoveries = recoveries;
        this.earned = earned;
    }
}
