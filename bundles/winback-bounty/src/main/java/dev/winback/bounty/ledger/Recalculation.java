package dev.winback.bounty.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What publishing a plan's draft would change for the win-backs already calculated under the plan, per rep: the
 * preview a manager reads before confirming, and, once confirmed, what was written.
 */
public class Recalculation {
    public UUID planId;
    /** The version in force, whose win-backs are re-priced (and move to the draft's version on confirmation). */
    public int fromVersion;
    /** The draft the accruals were run through. */
    public int draftVersion;
    /** Calculated, not clawed-back win-backs of the plan that were run through the draft. */
    public int accruals;
    public String currency;
    public List<RepChange> reps = new ArrayList<>();
    public BigDecimal totalDifference = BigDecimal.ZERO;
    /** Send it back to confirm: it names exactly this preview, so a ledger or draft changed since is refused. */
    public String token;
    /**
     * Set once confirmed: the id the adjusting entries carry, when, and how many were written (one per line of a
     * win-back whose amount changed).
     */
    public UUID recalculationId;
    public Instant appliedAt;
    public Integer entriesWritten;

    /** One rep's amounts before and after. */
    public static class RepChange {
        public String rep;
        public BigDecimal current = BigDecimal.ZERO;
        public BigDecimal proposed = BigDecimal.ZERO;
        public BigDecimal difference = BigDecimal.ZERO;
    }
}
