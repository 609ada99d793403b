package dev.winback.detect.runs;

import dev.winback.api.InvalidInputException;
import dev.winback.api.detect.DetectionRequest;
import dev.winback.api.detect.RfmRule;
import dev.winback.detect.FieldProblems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A detection request checked and completed with the admin's defaults: what the run will look at and flag.
 *
 * @param calibrationEnd the last day of history the run sees
 * @param threshold      P(alive) below which a customer is flagged
 * @param rules          the RFM rules that flag on their own
 * @param maxCases       the most cases the run opens, or null for no limit
 * @param lossReason     the loss reason code of the cases it opens (its existence is checked by the caller)
 * @param dryRun         whether it only scores and counts
 */
record DetectionPlan(LocalDate calibrationEnd, double threshold, List<RfmRule> rules, Integer maxCases,
        String lossReason, boolean dryRun) {

    /**
     * @param today the day the request is made; the default calibration end and the latest one allowed
     * @throws InvalidInputException naming every field at fault
     */
    static DetectionPlan of(DetectionRequest request, DetectionSettings settings, LocalDate today) {
        DetectionRequest r = request == null ? new DetectionRequest() : request;
        FieldProblems problems = new FieldProblems();
        LocalDate end = r.calibrationEnd == null ? today : r.calibrationEnd;
        if (end.isAfter(today)) {
            problems.add("calibrationEnd", "must not be after today (" + today + "): the run sees history up to "
                    + "that day");
        }
        double threshold = settings.threshold();
        if (r.probabilityAliveThreshold != null) {
            threshold = r.probabilityAliveThreshold;
            if (!(threshold > 0 && threshold < 1)) {
                problems.add("probabilityAliveThreshold", "must be between 0 and 1, both excluded (got "
                        + r.probabilityAliveThreshold + ")");
            }
        }
        List<RfmRule> rules = settings.rules();
        if (r.rules != null && r.rules.size() > settings.maxRules()) {
            // Not checked one by one: a list this long is a mistake or an attack, and one message says so.
            problems.add("rules", "at most " + settings.maxRules() + " rules per run (maxRules in "
                    + "etc/dev.winback.detect.cfg), got " + r.rules.size());
        } else if (r.rules != null) {
            rules = new ArrayList<>();
            for (int i = 0; i < r.rules.size(); i++) {
                RfmRule rule = RfmRules.checked(r.rules.get(i), "rules[" + i + "]", problems);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (r.maxCases != null && r.maxCases < 0) {
            problems.add("maxCases", "must be 0 or more (leave it out for no limit)");
        }
        String lossReason = settings.lossReason();
        if (r.lossReason != null) {
            lossReason = r.lossReason.strip();
            if (lossReason.isEmpty() || lossReason.length() > DetectionSettings.MAX_LOSS_REASON) {
                problems.add("lossReason", "must be a loss reason code (leave it out for the admin's default '"
                        + settings.lossReason() + "')");
            }
        }
        problems.throwIfAny();
        return new DetectionPlan(end, threshold, List.copyOf(rules), r.maxCases, lossReason,
                Boolean.TRUE.equals(r.dryRun));
    }
}
