package dev.winback.bounty.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One version of a bounty plan, as the API shows it: what it pays (rules in order), for which win-backs (scope,
 * dates, currency), and how safely (lost at opening, holdback, clawback). Amounts are in {@link #currency}.
 */
public class BountyPlan {
    public UUID id;
    public Integer version;
    public PlanStatus status;
    public String name;
    /** ISO 4217: the plan pays for win-backs whose revenue is in this currency, and pays in it. */
    public String currency;
    public LocalDate validFrom;
    /** Inclusive; null for open-ended. */
    public LocalDate validTo;
    public PlanScope scope;
    public List<PlanRule> rules = new ArrayList<>();
    /** A customer lost again within this many days of the win-back takes the bounty back. Default 90. */
    public Integer clawbackDays;
    /**
     * Pay only for customers who were really lost when the case opened: LOST_DEAL and HOSTILE cases, and LAPSED
     * cases whose P(alive) at opening was below {@link #lostBelowProbabilityAlive}.
     */
    public Boolean requireLost;
    /** Default 0.5. */
    public BigDecimal lostBelowProbabilityAlive;
    /** Hold bounties until the customer's first payment after the win-back. Default true. */
    public Boolean holdback;
    /** A {@link java.math.RoundingMode} name; default HALF_EVEN. */
    public String roundingMode;
    /** Digits after the point; default the currency's minor unit. */
    public Integer roundingScale;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public String publishedBy;
    public Instant publishedAt;
    public String retiredBy;
    public Instant retiredAt;
    /** The row version of this plan version, its ETag (sent as the header, not in the body). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public long rowVersion;
    /** Every version of the plan, newest first (in one plan's read; null in lists). */
    public List<VersionSummary> versions;

    /** A version in the plan's history. */
    public static class VersionSummary {
        public int version;
        public PlanStatus status;
        public Instant publishedAt;
        public Instant retiredAt;
    }
}
