package dev.winback.bounty.rule.doublecommission;

import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import org.osgi.service.component.annotations.Component;

/**
 * Double commission: winning a customer back is worth more than selling to one who never left, so the closer earns
 * {@code multiplier} times the plan's base commission rate on the revenue won back.
 *
 * <p>Revenue in another currency than the plan's earns nothing rather than a converted amount: the facts hold no
 * exchange rate, and a rate looked up today would make the same entry explain to another amount next month.
 */
@Component(service = BountyRule.class, property = BountyRule.NAME_PROPERTY + "=" + DoubleCommissionRule.NAME)
public class DoubleCommissionRule implements BountyRule {
    static final String NAME = "double-commission";
    static final String MULTIPLIER = "multiplier";
    static final String BASE_RATE = "baseRate";
    /** Double, as the rule's name says, unless the plan says otherwise. */
    static final BigDecimal DEFAULT_MULTIPLIER = BigDecimal.valueOf(2);
    /** Beyond ten times the commission a typo is likelier than a plan. */
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
        return "Pays the closer multiplier (default 2, at most 10) times the commission rate baseRate (a fraction: "
                + "0.05 is 5%) on the revenue won back, when it is in the plan's currency.";
    }

    @Override
    public void checkParams(RuleParams params) {
        params.allowOnly(MULTIPLIER, BASE_RATE);
        multiplier(params);
        baseRate(params);
    }

    @Override
    public void apply(BountyCalculation calc, RuleParams params) {
        checkParams(params);
        BigDecimal multiplier = multiplier(params);
        BigDecimal baseRate = baseRate(params);
        WinBackFacts facts = calc.facts();
        if (facts.revenue == null || facts.revenue.signum() <= 0) {
            calc.note("no revenue was won back: no commission to multiply");
            return;
        }
        if (!calc.currency().equals(facts.revenueCurrency)) {
            calc.note("the revenue won back is in " + facts.revenueCurrency + " and the plan pays in "
                    + calc.currency() + ": no commission, as the rule does not convert currencies");
            return;
        }
        BigDecimal amount = multiplier.multiply(baseRate).multiply(facts.revenue);
        calc.add(facts.closer, amount, multiplier.stripTrailingZeros().toPlainString() + " × "
                + baseRate.movePointRight(2).stripTrailingZeros().toPlainString() + "% of "
                + calc.money(facts.revenue) + " recovered revenue = " + calc.money(amount));
    }

    private static BigDecimal multiplier(RuleParams params) {
        BigDecimal multiplier = params.decimal(MULTIPLIER, DEFAULT_MULTIPLIER);
        if (multiplier.signum() <= 0 || multiplier.compareTo(MAX_MULTIPLIER) > 0) {
            throw params.problem(MULTIPLIER, "must be more than 0 and at most 10, was "
                    + multiplier.toPlainString());
        }
        return multiplier;
    }

    private static BigDecimal baseRate(RuleParams params) {
        BigDecimal rate = params.decimal(BASE_RATE);
        if (rate.signum() <= 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            // The likeliest mistake is a percentage where a fraction belongs: say how to write it.
            throw params.problem(BASE_RATE, "must be a fraction more than 0 and at most 1 (write 5% as 0.05), was "
                    + rate.toPlainString());
        }
        return rate;
    }
}
