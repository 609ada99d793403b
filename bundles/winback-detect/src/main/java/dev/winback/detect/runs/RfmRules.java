package dev.winback.detect.runs;

import dev.winback.api.detect.RfmRule;
import dev.winback.api.detect.RfmRuleType;
import dev.winback.detect.FieldProblems;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The admin's RFM rules: the bounds every rule must keep, whether it comes from a request or from the
 * configuration, and the configuration's short form {@code TYPE:value[:minimum total spend]}, e.g.
 * {@code NO_PURCHASE_IN_DAYS:365} or {@code SILENT_FOR_USUAL_GAPS:3:100}.
 */
final class RfmRules {
    static final String SYNTAX = "NO_PURCHASE_IN_DAYS:<days> or SILENT_FOR_USUAL_GAPS:<multiple>, "
            + "optionally followed by :<minimum total spend>";

    private RfmRules() {
    }

    /**
     * A checked copy of {@code rule}, or null with the problems added under {@code field} (e.g. {@code rules[0]}).
     */
    static RfmRule checked(RfmRule rule, String field, FieldProblems problems) {
        if (rule == null) {
            problems.add(field, "must be a rule object");
            return null;
        }
        boolean valid = true;
        if (rule.type == null) {
            problems.add(field + ".type", "is required: NO_PURCHASE_IN_DAYS or SILENT_FOR_USUAL_GAPS");
            return null;
        }
        RfmRule copy = new RfmRule();
        copy.type = rule.type;
        if (rule.type == RfmRuleType.NO_PURCHASE_IN_DAYS) {
            if (rule.days == null || rule.days < 1) {
                problems.add(field + ".days", "must be 1 or more: the days of silence that flag a customer");
                valid = false;
            }
            if (rule.multiple != null) {
                problems.add(field + ".multiple", "only SILENT_FOR_USUAL_GAPS rules take a multiple");
                valid = false;
            }
            copy.days = rule.days;
        } else {
            if (rule.multiple == null || !(rule.multiple > 1) || rule.multiple.isInfinite()) {
                problems.add(field + ".multiple", "must be more than 1: how many usual gaps of silence flag a "
                        + "customer");
                valid = false;
            }
            if (rule.days != null) {
                problems.add(field + ".days", "only NO_PURCHASE_IN_DAYS rules take days");
                valid = false;
            }
            copy.multiple = rule.multiple;
        }
        if (rule.minTotalSpend != null && rule.minTotalSpend.signum() < 0) {
            problems.add(field + ".minTotalSpend", "must not be negative");
            valid = false;
        }
        copy.minTotalSpend = rule.minTotalSpend;
        return valid ? copy : null;
    }

    /**
     * Parses the configured rules; entries may also be comma-separated (a {@code .cfg} file gives one string).
     *
     * @throws IllegalArgumentException naming the entry that is wrong and the form a right one takes
     */
    static List<RfmRule> parse(String[] entries) {
        List<RfmRule> rules = new ArrayList<>();
        List<String> texts = Arrays.stream(entries == null ? new String[0] : entries)
                .flatMap(e -> Arrays.stream(e.split(","))).map(String::strip).filter(e -> !e.isEmpty()).toList();
        for (String text : texts) {
            rules.add(parse(text));
        }
        return List.copyOf(rules);
    }

    private static RfmRule parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw bad(text, "expected " + SYNTAX);
        }
        RfmRule rule = new RfmRule();
        try {
            rule.type = RfmRuleType.valueOf(parts[0].strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(text, "'" + parts[0].strip() + "' is not a rule type; expected " + SYNTAX);
        }
        try {
            if (rule.type == RfmRuleType.NO_PURCHASE_IN_DAYS) {
                rule.days = Integer.valueOf(parts[1].strip());
            } else {
                rule.multiple = Double.valueOf(parts[1].strip());
            }
            if (parts.length == 3) {
                rule.minTotalSpend = new BigDecimal(parts[2].strip());
            }
        } catch (NumberFormatException e) {
            throw bad(text, "a value is not a number; expected " + SYNTAX);
        }
        FieldProblems problems = new FieldProblems();
        RfmRule checked = checked(rule, "rule", problems);
        if (checked == null) {
            throw bad(text, problems.toString());
        }
        return checked;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("rules: '" + text + "' is not a rule: " + why);
    }

    /** The configuration's form of a rule, for messages. */
    static String format(RfmRule rule) {
        String value = rule.type == RfmRuleType.NO_PURCHASE_IN_DAYS ? String.valueOf(rule.days)
                : number(rule.multiple);
        return rule.type + ":" + value + (rule.minTotalSpend == null ? "" : ":" + rule.minTotalSpend.toPlainString());
    }

    /** 3 rather than 3.0, 2.5 as it is. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
