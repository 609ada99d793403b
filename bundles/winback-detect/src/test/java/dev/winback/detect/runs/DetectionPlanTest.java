package dev.winback.detect.runs;

import static dev.winback.detect.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.detect.DetectionRequest;
import dev.winback.api.detect.RfmRule;
import dev.winback.api.detect.RfmRuleType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DetectionPlanTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final DetectionSettings SETTINGS = new DetectionSettings(0.3,
            List.of(RfmRule.noPurchaseInDays(365)), "other", 52);

    private static DetectionPlan plan(Consumer<DetectionRequest> options) {
        DetectionRequest request = new DetectionRequest();
        options.accept(request);
        return DetectionPlan.of(request, SETTINGS, TODAY);
    }

    private static void refused(String field, Consumer<DetectionRequest> options) {
        assertProblem(field, () -> plan(options));
    }

    private static RfmRule rule(RfmRuleType type, Integer days, Double multiple, String minTotalSpend) {
        RfmRule rule = new RfmRule();
        rule.type = type;
        rule.days = days;
        rule.multiple = multiple;
        rule.minTotalSpend = minTotalSpend == null ? null : new BigDecimal(minTotalSpend);
        return rule;
    }

    @Test
    void anEmptyRequestTakesTodayAndTheAdminsDefaults() {
        DetectionPlan plan = DetectionPlan.of(null, SETTINGS, TODAY);
        assertEquals(TODAY, plan.calibrationEnd());
        assertEquals(0.3, plan.threshold());
        assertEquals(1, plan.rules().size());
        assertEquals(365, plan.rules().get(0).days);
        assertNull(plan.maxCases());
        assertEquals("other", plan.lossReason());
        assertFalse(plan.dryRun());
    }

    @Test
    void takesWhatTheRequestSays() {
        RfmRule silent = rule(RfmRuleType.SILENT_FOR_USUAL_GAPS, null, 3.0, "100");
        DetectionPlan plan = plan(r -> {
            r.calibrationEnd = LocalDate.of(1997, 9, 30);
            r.probabilityAliveThreshold = 0.05;
            r.rules = List.of(silent);
            r.maxCases = 0;
            r.lossReason = " price ";
            r.dryRun = true;
        });
        assertEquals(LocalDate.of(1997, 9, 30), plan.calibrationEnd());
        assertEquals(0.05, plan.threshold());
        assertEquals(3.0, plan.rules().get(0).multiple);
        assertEquals(new BigDecimal("100"), plan.rules().get(0).minTotalSpend);
        assertNotSame(silent, plan.rules().get(0), "the caller's rule objects are not kept");
        assertEquals(0, plan.maxCases());
        assertEquals("price", plan.lossReason());
        assertTrue(plan.dryRun());
        assertEquals(List.of(), plan(r -> r.rules = List.of()).rules(), "an empty list means no rules");
    }

    @Test
    void theThresholdLiesStrictlyBetweenZeroAndOne() {
        for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            refused("probabilityAliveThreshold", r -> r.probabilityAliveThreshold = bad);
        }
    }

    @Test
    void aRunTakesAtMostMaxRulesRules() {
        List<RfmRule> atTheCap = java.util.Collections.nCopies(SETTINGS.maxRules(), RfmRule.noPurchaseInDays(30));
        assertEquals(SETTINGS.maxRules(), plan(r -> r.rules = atTheCap).rules().size());

        // One problem for the list, not one per rule, however bad the rules are.
        List<RfmRule> over = java.util.Collections.nCopies(SETTINGS.maxRules() + 1, new RfmRule());
        dev.winback.api.InvalidInputException e = assertProblem("rules", () -> plan(r -> r.rules = over));
        assertEquals(1, e.problems().size());
        assertEquals("rules: at most 100 rules per run (maxRules in etc/dev.winback.detect.cfg), got 101",
                e.getMessage());

        IllegalArgumentException defaults = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new DetectionSettings(0.3,
                        List.of(RfmRule.noPurchaseInDays(30), RfmRule.noPurchaseInDays(60)), "other", 52, 1));
        assertTrue(defaults.getMessage().contains("maxRules"), defaults.getMessage());
    }

    @Test
    void eachRuleIsCheckedUnderItsOwnName() {
        refused("rules[0]", r -> r.rules = Arrays.asList((RfmRule) null));
        refused("rules[0].type", r -> r.rules = List.of(new RfmRule()));
        refused("rules[1].days", r -> r.rules = List.of(RfmRule.noPurchaseInDays(30),
                rule(RfmRuleType.NO_PURCHASE_IN_DAYS, 0, null, null)));
        refused("rules[0].days", r -> r.rules = List.of(rule(RfmRuleType.NO_PURCHASE_IN_DAYS, null, null, null)));
        refused("rules[0].multiple", r -> r.rules = List.of(RfmRule.silentForUsualGaps(1)));
        refused("rules[0].multiple", r -> r.rules = List.of(rule(RfmRuleType.SILENT_FOR_USUAL_GAPS, null, null,
                null)));
        refused("rules[0].multiple", r -> r.rules = List.of(rule(RfmRuleType.NO_PURCHASE_IN_DAYS, 30, 2.0, null)));
        refused("rules[0].minTotalSpend", r -> r.rules = List.of(rule(RfmRuleType.NO_PURCHASE_IN_DAYS, 30, null,
                "-0.01")));
    }

    @Test
    void limitsAndDatesAreChecked() {
        refused("maxCases", r -> r.maxCases = -1);
        refused("calibrationEnd", r -> r.calibrationEnd = TODAY.plusDays(1));
        refused("lossReason", r -> r.lossReason = " ");
        assertEquals(TODAY, plan(r -> r.calibrationEnd = TODAY).calibrationEnd());
    }
}
