package dev.winback.bounty.rule.accelerator;

import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyPeriod;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import org.osgi.service.component.annotations.Component;

/**
 * An accelerator: once a rep has won back {@code after} customers in the period, every further win-back pays
 * {@code multiplier} times what the rules before it gave them. The extra is a line of its own, so the ledger shows
 * the base and the acceleration apart.
 *
 * <p>The count comes from the frozen tally ({@link dev.winback.api.bounty.RepTally#recoveries}, this case not
 * counted), so recalculating an entry later cannot move it across the threshold.
 */
@Component(service = BountyRule.class, property = BountyRule.NAME_PROPERTY + "=" + AcceleratorRule.NAME)
public class AcceleratorRule implements BountyRule {
    static final String NAME = "accelerator";
    static final String AFTER = "after";
    static final String MULTIPLIER = "multiplier";
    static final String PERIOD = "period";
    /** More recoveries than this by one rep in one year is a typo, not a target. */
    static final int MAX_AFTER = 10_000;
    /** Beyond ten times a typo is likelier than a plan. */
    static final BigDecimal MAX_MULTIPLIER = BigDecimal.TEN;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public String description() {
        return "Once a rep has won back after customers in the period (MONTH, QUARTER or YEAR; default MONTH), pays "
                + "each further win-back multiplier (more than 1, at most 10) times what the rules before it gave them.";
    }

    @Override
    public void checkParams(RuleParams params) {
        params.allowOnly(AFTER, MULTIPLIER, PERIOD);
        after(params);
        multiplier(params);
        params.choice(PERIOD, BountyPeriod.class, BountyPeriod.MONTH);
    }

    @Override
    public void apply(BountyCalculation calc, RuleParams params) {
        checkParams(params);
        int after = after(params);
        BigDecimal multiplier = multiplier(params);
        BountyPeriod period = params.choice(PERIOD, BountyPeriod.class, BountyPeriod.MONTH);
        WinBackFacts facts = calc.facts();
        String label = period.label(facts.closedOn);
        for (String rep : calc.reps()) {
            BigDecimal total = calc.total(rep);
            if (total.signum() <= 0) {
                continue;
            }
            int before = facts.tally(period, rep).recoveries;
            String had = rep + " has " + before + (before == 1 ? " recovery" : " recoveries") + " in " + label;
            if (before < after) {
                calc.note(had + "; acceleration starts after " + after);
                continue;
            }
            BigDecimal extra = multiplier.subtract(BigDecimal.ONE).multiply(total);
            calc.add(rep, extra, had + ", so this is recovery " + (before + 1) + " and accelerated after " + after
                    + ": (" + multiplier.stripTrailingZeros().toPlainString() + " − 1) × " + calc.money(total) + " = "
                    + calc.money(extra));
        }
    }

    private static int after(RuleParams params) {
        if (!params.has(AFTER)) {
            throw params.problem(AFTER, "is required: how many recoveries in the period come before acceleration");
        }
        return params.integer(AFTER, 1, 1, MAX_AFTER);
    }

    private static BigDecimal multiplier(RuleParams params) {
        BigDecimal multiplier = params.decimal(MULTIPLIER);
        if (multiplier.compareTo(BigDecimal.ONE) <= 0 || multiplier.compareTo(MAX_MULTIPLIER) > 0) {
            // 1 would pay nothing extra and less than 1 would take money back: a cap does that, and says so.
            throw params.problem(MULTIPLIER, "must be more than 1 and at most 10, was " + multiplier.toPlainString());
        }
        return multiplier;
    }
}
