package dev.winback.bounty.rule.fixedbounty;

import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.api.dto.LossKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import org.osgi.service.component.annotations.Component;

/**
 * A fixed bounty per win-back, tiered by how the customer was lost: the harder the win-back, the more it pays. A
 * hostile "Code 99" customer (sued us, left our machines on the curb) is the hardest of all, so a plan whose table
 * pays anything more than for them is refused before it is published.
 */
@Component(service = BountyRule.class, property = BountyRule.NAME_PROPERTY + "=" + FixedBountyRule.NAME)
public class FixedBountyRule implements BountyRule {
    static final String NAME = "fixed-bounty";
    static final String AMOUNTS = "amounts";
    /** In the plan's currency; a plan's {@code amounts} override them kind by kind. */
    static final Map<LossKind, BigDecimal> DEFAULT_AMOUNTS;

    static {
        Map<LossKind, BigDecimal> defaults = new EnumMap<>(LossKind.class);
        defaults.put(LossKind.HOSTILE, BigDecimal.valueOf(500));
        defaults.put(LossKind.LOST_DEAL, BigDecimal.valueOf(250));
        defaults.put(LossKind.COMPLAINT, BigDecimal.valueOf(150));
        defaults.put(LossKind.LAPSED, BigDecimal.valueOf(100));
        DEFAULT_AMOUNTS = defaults;
    }

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
        return "Pays the closer a fixed amount by loss kind, in the plan's currency: amounts, an object by loss kind "
                + "(defaults HOSTILE 500, LOST_DEAL 250, COMPLAINT 150, LAPSED 100), where HOSTILE pays most.";
    }

    @Override
    public void checkParams(RuleParams params) {
        params.allowOnly(AMOUNTS);
        amounts(params);
    }

    @Override
    public void apply(BountyCalculation calc, RuleParams params) {
        checkParams(params);
        Map<LossKind, BigDecimal> amounts = amounts(params);
        WinBackFacts facts = calc.facts();
        if (facts.lossKind == null) {
            calc.note("the case has no loss kind: no fixed bounty");
            return;
        }
        BigDecimal amount = amounts.get(facts.lossKind);
        if (amount.signum() == 0) {
            calc.note("the plan pays no fixed bounty for a " + facts.lossKind + " win-back");
            return;
        }
        calc.add(facts.closer, amount, "fixed bounty for winning back a " + facts.lossKind + " customer = "
                + calc.money(amount));
    }

    /** The defaults with the plan's amounts over them, checked. */
    private static Map<LossKind, BigDecimal> amounts(RuleParams params) {
        Map<LossKind, BigDecimal> amounts = new EnumMap<>(DEFAULT_AMOUNTS);
        for (Map.Entry<String, BigDecimal> given : params.decimals(AMOUNTS).entrySet()) {
            String key = given.getKey();
            LossKind kind = Arrays.stream(LossKind.values()).filter(k -> k.name().equals(key)).findFirst()
                    .orElseThrow(() -> params.problem(AMOUNTS + "." + key, "is not a loss kind; amounts are given "
                            + "for " + Arrays.toString(LossKind.values())));
            if (given.getValue().signum() < 0) {
                throw params.problem(AMOUNTS + "." + key, "must not be negative, was "
                        + given.getValue().toPlainString());
            }
            amounts.put(kind, given.getValue());
        }
        BigDecimal hostile = amounts.get(LossKind.HOSTILE);
        StringJoiner higher = new StringJoiner(", ");
        amounts.forEach((kind, amount) -> {
            if (amount.compareTo(hostile) > 0) {
                higher.add(kind + " " + amount.toPlainString());
            }
        });
        if (higher.length() > 0) {
            throw params.problem(AMOUNTS, "HOSTILE must pay the most, as a hostile Code 99 customer is the hardest "
                    + "to win back; HOSTILE pays " + hostile.toPlainString()
                    + (params.decimals(AMOUNTS).containsKey(LossKind.HOSTILE.name()) ? "" : " (the default)")
                    + " but " + higher + ": raise HOSTILE or lower the others");
        }
        return amounts;
    }
}
