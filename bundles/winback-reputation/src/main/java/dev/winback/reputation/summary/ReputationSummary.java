package dev.winback.reputation.summary;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /reputation/summary}: the reputation figures of a window. Each figure's definition is in the README
 * (Reputation, the summary) next to its field. Percentages and NPS have one decimal (rounded half away from zero)
 * and are null when there is nothing to divide by; counts are customers unless they say otherwise.
 */
public class ReputationSummary {
    /** First day of the window (UTC), included. */
    public LocalDate from;
    /** Last day of the window (UTC), included. */
    public LocalDate to;
    /** The segment filter as given (lower-cased), or null. */
    public String segment;
    /** The strategy filter as given (lower-cased), or null. */
    public String strategy;

    /** Answers in the window that count: every answer no correction has replaced. */
    public long answers;
    /** Of those, the corrections (answers that replaced an earlier one). */
    public long corrections;
    /** The answers that count, by the channel they came in by: API, IMPORT and LINK (each present, maybe 0). */
    public Map<String, Long> answersByChannel = new LinkedHashMap<>();
    /**
     * Answers in the window that a correction replaced, that were a detractor's while their correction is not: the
     * detractor answers the figures no longer see because of corrections.
     */
    public long correctedAway;
    /** Customers with at least one answer in the window. */
    public long respondents;
    /** Respondents by the band of their latest answer in the window, NPS and CSAT alike. */
    public Bands bands = new Bands();
    public Nps nps = new Nps();
    public Csat csat = new Csat();
    public Moves moves = new Moves();
    public CloseTheLoop closeTheLoop = new CloseTheLoop();
    public Rescue rescue = new Rescue();
    public RecoveryParadox recoveryParadox = new RecoveryParadox();
    public WordOfMouth wordOfMouth = new WordOfMouth();
    public Advocacy advocacy = new Advocacy();

    public static class Bands {
        public long detractors;
        public long passives;
        public long promoters;
    }

    /** Over each customer's latest NPS answer in the window. */
    public static class Nps {
        public long respondents;
        public long detractors;
        public long passives;
        public long promoters;
        /** (promoters − detractors) / respondents × 100. */
        public BigDecimal score;
    }

    /** Over each customer's latest CSAT answer in the window. */
    public static class Csat {
        public long respondents;
        public long unsatisfied;
        public long neutral;
        public long satisfied;
        /** Satisfied / respondents × 100. */
        public BigDecimal score;
    }

    /**
     * Customers whose first answer in the window was a detractor's, split by whether they went through recovery: a
     * step of one of their cases that contacts the customer was completed between that first detractor answer and
     * their latest answer in the window (both included). An open case alone is not recovery.
     */
    public static class Moves {
        public Move wentThroughRecovery = new Move();
        public Move noRecovery = new Move();
    }

    /** Where a group of first-time detractors stands at their latest answer in the window. */
    public static class Move {
        /** The group's size. */
        public long detractors;
        public long toPassive;
        public long toPromoter;
        public long stillDetractor;
        public long noLaterAnswer;
        /** Percentages of those with a later answer. */
        public BigDecimal toPassiveRate;
        public BigDecimal toPromoterRate;
        public BigDecimal stillDetractorRate;
    }

    /** Complaints (one per detractor answer) of answers in the window, and how soon the customer was contacted. */
    public static class CloseTheLoop {
        public long complaints;
        public long contactedInTime;
        public long contactedLate;
        public long awaitingContact;
        public long overdue;
        public long notOpened;
        /** contactedInTime / complaints × 100. */
        public BigDecimal closeTheLoopRate;
        public BigDecimal medianHoursToFirstContact;
    }

    /** Customers with a detractor answer in the window who bought again afterwards. */
    public static class Rescue {
        public long detractors;
        public long rescued;
        public BigDecimal rescueRate;
    }

    /** Won-back cases closed in the window: the customer's NPS before the win-back and after it. */
    public static class RecoveryParadox {
        public long wonBack;
        public long pairs;
        public BigDecimal npsBefore;
        public BigDecimal npsAfter;
        /** npsAfter − npsBefore. */
        public BigDecimal paradox;
        public BigDecimal meanScoreBefore;
        public BigDecimal meanScoreAfter;
    }

    /** Estimated people told: the multipliers used, and what they give for the bands and the recovered moves. */
    public static class WordOfMouth {
        public BigDecimal unhappyTells;
        public BigDecimal happyTells;
        /** SETTINGS when both multipliers are the configured ones, else REQUEST. */
        public String multipliers;
        public BigDecimal negativeReach;
        public BigDecimal positiveReach;
        public BigDecimal netReach;
        public BigDecimal netReachRecovered;
    }

    public static class Advocacy {
        public long testimonials;
        public long referrals;
        public long publicReviews;
        /** Purchases of referred customers from the day of their referral to the end of the window. */
        public BigDecimal referralRevenue;
    }
}
