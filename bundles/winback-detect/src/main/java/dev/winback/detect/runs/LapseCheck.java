package dev.winback.detect.runs;

import dev.winback.api.detect.RfmRule;
import dev.winback.api.detect.RfmRuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a customer counts as lapsed, and says why in words a rep can check against the customer's
 * history: the model's P(alive) below the threshold, or any of the admin's RFM rules. The reasons that hold are
 * all given, e.g. {@code P(alive) 0.081 below 0.300; no purchase in 412 days (rule: 365)}.
 */
final class LapseCheck {
    private final double threshold;
    private final List<RfmRule> rules;

    LapseCheck(double threshold, List<RfmRule> rules) {
        this.threshold = threshold;
        this.rules = List.copyOf(rules);
    }

    /** Why the customer is lapsed, or null if nothing flags them. */
    String reason(CustomerHistory customer, double probabilityAlive) {
        List<String> reasons = new ArrayList<>();
        if (probabilityAlive < threshold) {
            reasons.add("P(alive) " + probability(probabilityAlive) + " below " + probability(threshold));
        }
        for (RfmRule rule : rules) {
            String reason = matches(rule, customer);
            if (reason != null) {
                reasons.add(reason);
            }
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    /** The rule's reason if it flags the customer, else null. */
    static String matches(RfmRule rule, CustomerHistory customer) {
        if (rule.minTotalSpend != null && customer.totalSpend().compareTo(rule.minTotalSpend) < 0) {
            // Small accounts are left to the model: a case costs a rep's time.
            return null;
        }
        long silent = customer.daysSilent();
        String reason = null;
        if (rule.type == RfmRuleType.NO_PURCHASE_IN_DAYS) {
            if (silent >= rule.days) {
                reason = "no purchase in " + silent + " days (rule: " + rule.days + spendFloor(rule) + ")";
            }
        } else {
            Double gap = customer.usualGapDays();
            // A one-time buyer has no usual gap; NO_PURCHASE_IN_DAYS is the rule for them.
            if (gap != null && silent > rule.multiple * gap) {
                reason = String.format(Locale.ROOT, "silent for %d days, %.1f times the usual gap of %.1f days "
                        + "(rule: %s%s)", silent, silent / gap, gap, RfmRules.number(rule.multiple),
                        spendFloor(rule));
            }
        }
        return reason;
    }

    /** Three decimals, as a person reads them; a tiny probability in scientific notation rather than 0.000. */
    static String probability(double p) {
        return String.format(Locale.ROOT, p == 0 || p >= 0.0005 ? "%.3f" : "%.1e", p);
    }

    private static String spendFloor(RfmRule rule) {
        return rule.minTotalSpend == null ? ""
                : ", for a total spend of " + rule.minTotalSpend.toPlainString() + " or more";
    }
}
