package com.example.winback.firstrepurchase;

import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.api.bounty.WinBackFacts.PurchaseFact;
import java.math.BigDecimal;
import org.osgi.service.component.annotations.Component;

/**
 * First-repurchase bonus: the closer earns a percentage of the customer's first purchase after the case opened, the
 * purchase that proved they came back. A deliberately small rule showing everything an integrator needs: one DS
 * component with the name as a service property, parameters checked with a message a plan author can act on, and
 * an amount computed from the frozen facts alone, with the calculation doing the rounding and the explanation.
 */
@Component(service = BountyRule.class, property = BountyRule.NAME_PROPERTY + "=" + FirstRepurchaseBonusRule.NAME)
public class FirstRepurchaseBonusRule implements BountyRule {
    static final String NAME = "first-repurchase-bonus";
    static final String PERCENT = "percent";
    static final String MIN_PURCHASE = "minPurchase";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        // Raise it whenever the same facts and parameters could give another amount.
        return "1.0";
    }

    @Override
    public String description() {
        return "Pays the closer percent (more than 0, at most 100) of the customer's first purchase after the case "
                + "opened, if it is at least minPurchase (optional) and in the plan's currency.";
    }

    @Override
    public void checkParams(RuleParams params) {
        params.allowOnly(PERCENT, MIN_PURCHASE);
        percent(params);
        params.decimal(MIN_PURCHASE, null, BigDecimal.ZERO, null);
    }

    @Override
    public void apply(BountyCalculation calc, RuleParams params) {
        checkParams(params);
        BigDecimal percent = percent(params);
        BigDecimal minPurchase = params.decimal(MIN_PURCHASE, null, BigDecimal.ZERO, null);
        WinBackFacts facts = calc.facts();
        // Refunds are purchases with a negative amount: the first real order is the first with a positive one.
        PurchaseFact first = facts.purchases == null ? null : facts.purchases.stream()
                .filter(p -> p.amount != null && p.amount.signum() > 0).findFirst().orElse(null);
        if (first == null) {
            // A manager may confirm a win-back before the first order: then there is nothing to pay a bonus on.
            calc.note("no purchase between opening and closing the case: no first-repurchase bonus");
            return;
        }
        String purchase = "the first purchase (" + first.amount.toPlainString() + " " + first.currency + " on "
                + first.date + ")";
        if (!calc.currency().equals(first.currency)) {
            calc.note(purchase + " is not in the plan's currency " + calc.currency() + ": no bonus");
            return;
        }
        if (minPurchase != null && first.amount.compareTo(minPurchase) < 0) {
            calc.note(purchase + " is below minPurchase " + calc.money(minPurchase)
                    + ": a token order does not earn the bonus");
            return;
        }
        BigDecimal bonus = first.amount.multiply(percent).movePointLeft(2);
        calc.add(facts.closer, bonus, percent.stripTrailingZeros().toPlainString() + "% of " + purchase + " = "
                + calc.money(bonus));
    }

    private static BigDecimal percent(RuleParams params) {
        BigDecimal percent = params.decimal(PERCENT);
        if (percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
            throw params.problem(PERCENT, "must be a percentage more than 0 and at most 100, was "
                    + percent.toPlainString());
        }
        return percent;
    }
}
