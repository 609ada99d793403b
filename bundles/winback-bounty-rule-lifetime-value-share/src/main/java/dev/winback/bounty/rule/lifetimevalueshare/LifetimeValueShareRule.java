package dev.winback.bounty.rule.lifetimevalueshare;

import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import org.osgi.service.component.annotations.Component;

/**
 * A share of the customer's second lifetime value: what the detection model expected the customer to be worth once
 * won back, frozen when the case opened. It rewards winning back the customers worth most, not the first purchase
 * alone; {@code maxAmount} keeps one large account from paying a year's bonus.
 *
 * <p>Only a case a detection run opened has a model value. Any other case earns nothing here, and says so, rather
 * than a value guessed from its revenue.
 */
@Component(service = BountyRule.class, property = BountyRule.NAME_PROPERTY + "=" + LifetimeValueShareRule.NAME)
public class LifetimeValueShareRule implements BountyRule {
    static final String NAME = "lifetime-value-share";
    static final String SHARE = "share";
    static final String MAX_AMOUNT = "maxAmount";

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
        return "Pays the closer share (a fraction: 0.1 is 10%) of the customer's second lifetime value as the "
                + "detection model valued it, at most maxAmount when given; cases without a model value earn nothing.";
    }

    @Override
    public void checkParams(RuleParams params) {
        params.allowOnly(SHARE, MAX_AMOUNT);
        share(params);
        maxAmount(params);
    }

    @Override
    public void apply(BountyCalculation calc, RuleParams params) {
        checkParams(params);
        BigDecimal share = share(params);
        BigDecimal maxAmount = maxAmount(params);
        WinBackFacts facts = calc.facts();
        BigDecimal value = facts.secondLifetimeValue;
        if (value == null) {
            calc.note("the case has no second lifetime value (only a case opened by detection has one): nothing "
                    + "to share");
            return;
        }
        if (!calc.currency().equals(facts.secondLifetimeValueCurrency)) {
            calc.note("the second lifetime value is in " + facts.secondLifetimeValueCurrency + " and the plan pays in "
                    + calc.currency() + ": nothing shared, as the rule does not convert currencies");
            return;
        }
        if (value.signum() <= 0) {
            calc.note("the second lifetime value is " + calc.money(value) + ": nothing to share");
            return;
        }
        BigDecimal amount = share.multiply(value);
        String explanation = share.movePointRight(2).stripTrailingZeros().toPlainString() + "% of "
                + calc.money(value) + " second lifetime value = " + calc.money(amount);
        if (maxAmount != null && amount.compareTo(maxAmount) > 0) {
            amount = maxAmount;
            explanation += ", more than maxAmount: " + calc.money(maxAmount);
        }
        calc.add(facts.closer, amount, explanation);
    }

    private static BigDecimal share(RuleParams params) {
        BigDecimal share = params.decimal(SHARE);
        if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw params.problem(SHARE, "must be a fraction more than 0 and at most 1 (write 10% as 0.1), was "
                    + share.toPlainString());
        }
        return share;
    }

    /** Null when the plan sets no maximum. */
    private static BigDecimal maxAmount(RuleParams params) {
        return params.decimal(MAX_AMOUNT, null, BigDecimal.ZERO, null);
    }
}
