package dev.winback.detect.runs;

import dev.winback.api.detect.RfmRule;
import java.util.List;

/**
 * The admin's defaults for detection ({@code dev.winback.detect}), checked: what a run uses where its request says
 * nothing, and the horizon of second lifetime values.
 *
 * @param threshold    customers whose P(alive) is below this are flagged, strictly between 0 and 1
 * @param rules        the RFM rules of a run that names none
 * @param lossReason   the loss reason code of the cases runs open
 * @param horizonWeeks how far ahead second lifetime values and expected purchases count
 * @param maxRules     the most RFM rules one run may apply (each is checked against every customer)
 */
record DetectionSettings(double threshold, List<RfmRule> rules, String lossReason, double horizonWeeks,
        int maxRules) {
    static final int MAX_LOSS_REASON = 64;
    static final int DEFAULT_MAX_RULES = 100;

    DetectionSettings {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("probabilityAliveThreshold must be between 0 and 1 (exclusive), was "
                    + threshold);
        }
        if (lossReason == null || lossReason.isBlank() || lossReason.strip().length() > MAX_LOSS_REASON) {
            throw new IllegalArgumentException("lossReason must be a loss reason code of 1 to " + MAX_LOSS_REASON
                    + " characters, was '" + lossReason + "'");
        }
        lossReason = lossReason.strip();
        if (!(horizonWeeks > 0) || Double.isInfinite(horizonWeeks)) {
            throw new IllegalArgumentException("horizonWeeks must be a number of weeks above 0, was " + horizonWeeks);
        }
        if (maxRules < 1) {
            throw new IllegalArgumentException("maxRules must be at least 1, was " + maxRules);
        }
        if (rules.size() > maxRules) {
            throw new IllegalArgumentException("rules holds " + rules.size() + " rules, more than maxRules ("
                    + maxRules + ")");
        }
        rules = List.copyOf(rules);
    }

    /** With the default rule cap (tests). */
    DetectionSettings(double threshold, List<RfmRule> rules, String lossReason, double horizonWeeks) {
        this(threshold, rules, lossReason, horizonWeeks, DEFAULT_MAX_RULES);
    }

    /** @throws IllegalArgumentException naming the setting that is wrong and what a right one looks like */
    static DetectionSettings from(LapsedCustomerDetection.Config config) {
        return new DetectionSettings(config.probabilityAliveThreshold(), RfmRules.parse(config.rules()),
                config.lossReason(), config.horizonWeeks(), config.maxRules());
    }
}
