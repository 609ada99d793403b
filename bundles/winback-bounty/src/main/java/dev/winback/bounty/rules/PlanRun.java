package dev.winback.bounty.rules;

import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.PlanRule;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a plan's rules over a win-back's facts. The same code calculates an accrual and explains it later,
 * so an explanation recomputes exactly what was paid.
 */
public final class PlanRun {
    private final BountyCalculation calculation;
    /** Rule versions by rule position, as they ran. */
    private final Map<Integer, String> ruleVersions;

    private PlanRun(BountyCalculation calculation, Map<Integer, String> ruleVersions) {
        this.calculation = calculation;
        this.ruleVersions = ruleVersions;
    }

    /** The plan's rules that are not installed, in plan order; empty when the plan can run. */
    public static List<String> missing(BountyPlan plan, Map<String, BountyRule> installed) {
        List<String> missing = new ArrayList<>();
        for (PlanRule r : plan.rules) {
            if (!installed.containsKey(r.rule) && !missing.contains(r.rule)) {
                missing.add(r.rule);
            }
        }
        return missing;
    }

    /**
     * Runs every rule of {@code plan} in order.
     *
     * @throws IllegalStateException a rule is not installed (check {@link #missing} first)
     */
    public static PlanRun run(BountyPlan plan, WinBackFacts facts, Map<String, BountyRule> installed) {
        BountyCalculation calculation = new BountyCalculation(facts, plan.currency, scale(plan), rounding(plan));
        Map<Integer, String> versions = new LinkedHashMap<>();
        for (int i = 0; i < plan.rules.size(); i++) {
            PlanRule r = plan.rules.get(i);
            BountyRule rule = installed.get(r.rule);
            if (rule == null) {
                throw new IllegalStateException("Bounty rule " + r.rule + " is not installed");
            }
            calculation.startRule(r.rule, i);
            try {
                rule.apply(calculation, new RuleParams("rules[" + i + "].params", r.params));
            } catch (RuntimeException e) {
                throw new RuleFailed(r.rule, e);
            }
            versions.put(i, rule.version());
        }
        return new PlanRun(calculation, versions);
    }

    /** A rule threw: its bundle is broken (or its parameters no longer suit it), not the accrual. */
    public static final class RuleFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String rule;

        RuleFailed(String rule, RuntimeException cause) {
            super("rule " + rule + " failed: " + cause.getMessage(), cause);
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }
    }

    public BountyCalculation calculation() {
        return calculation;
    }

    public String ruleVersion(int index) {
        return ruleVersions.get(index);
    }

    public static int scale(BountyPlan plan) {
        return plan.roundingScale != null ? plan.roundingScale : BountyCalculation.minorUnit(plan.currency);
    }

    public static RoundingMode rounding(BountyPlan plan) {
        return plan.roundingMode == null ? RoundingMode.HALF_EVEN : RoundingMode.valueOf(plan.roundingMode);
    }
}
