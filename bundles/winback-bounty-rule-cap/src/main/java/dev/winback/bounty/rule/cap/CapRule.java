package dev.winback.bounty.rule.cap;

import dev.winback.api.InvalidInputException;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyPeriod;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Caps what the rules before it paid: per case, shared across its reps in proportion to what each earned, and per
 * rep per period, counting what the rep had earned under the plan before this case. Reductions are negative lines
 * of this rule, so the ledger shows both what was earned and what the cap took back.
 *
 * <p>A cap never takes more than the rep earned in this case: a rep already over the period's cap earns nothing
 * more, but keeps what earlier cases paid.
 */
@Component(service = BountyRule.class, property = BountyRule.NAME_PROPERTY + "=" + CapRule.NAME)
public class CapRule implements BountyRule {
    static final String NAME = "cap";
    static final String PER_CASE = "perCase";
    static final String PER_REP_PER_PERIOD = "perRepPerPeriod";
    static final String PERIOD = "period";

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
        return "Limits what the rules before it paid: perCase for the whole case, shared across its reps, and "
                + "perRepPerPeriod for each rep over a period (MONTH, QUARTER or YEAR; default MONTH).";
    }

    @Override
    public void checkParams(RuleParams params) {
        params.allowOnly(PER_CASE, PER_REP_PER_PERIOD, PERIOD);
        BigDecimal perCase = limit(params, PER_CASE);
        BigDecimal perRep = limit(params, PER_REP_PER_PERIOD);
        params.choice(PERIOD, BountyPeriod.class, BountyPeriod.MONTH);
        if (perCase == null && perRep == null) {
            throw new InvalidInputException(params.path(), "give perCase, perRepPerPeriod or both: a cap without "
                    + "a limit caps nothing");
        }
        if (perRep == null && params.has(PERIOD)) {
            // Most likely meant as a per-case cap per period, which does not exist: say so rather than ignore it.
            throw params.problem(PERIOD, "counts only for perRepPerPeriod, which is not given");
        }
    }

    @Override
    public void apply(BountyCalculation calc, RuleParams params) {
        checkParams(params);
        BigDecimal perCase = limit(params, PER_CASE);
        BigDecimal perRep = limit(params, PER_REP_PER_PERIOD);
        // Per case first: a rep's period cap then sees what the case cap left them.
        if (perCase != null) {
            capCase(calc, calc.round(perCase));
        }
        if (perRep != null) {
            capRepsInPeriod(calc, calc.round(perRep), params.choice(PERIOD, BountyPeriod.class, BountyPeriod.MONTH));
        }
    }

    /**
     * Takes the case's excess over {@code cap} back from the reps who earned, in proportion to what each earned;
     * the last takes what rounding left, so the reductions add up to the excess to the cent.
     */
    private static void capCase(BountyCalculation calc, BigDecimal cap) {
        BigDecimal total = calc.total();
        if (total.compareTo(cap) <= 0) {
            calc.note("the case's " + calc.money(total) + " is within the per-case cap of " + calc.money(cap));
            return;
        }
        BigDecimal excess = total.subtract(cap);
        Map<String, BigDecimal> earners = new LinkedHashMap<>();
        for (String rep : calc.reps()) {
            BigDecimal earned = calc.total(rep);
            if (earned.signum() > 0) {
                earners.put(rep, earned);
            }
        }
        BigDecimal earnedByAll = earners.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal left = excess;
        int remaining = earners.size();
        for (Map.Entry<String, BigDecimal> earner : earners.entrySet()) {
            // Rounded once, to the calculation's scale and rounding, as calc.round would round the exact share.
            BigDecimal reduction = --remaining == 0 ? left
                    : excess.multiply(earner.getValue()).divide(earnedByAll, calc.scale(), calc.rounding());
            left = left.subtract(reduction);
            calc.add(earner.getKey(), reduction.negate(), "the case's " + calc.money(total) + " is "
                    + calc.money(excess) + " over the per-case cap of " + calc.money(cap) + "; "
                    + earner.getKey() + " earned " + calc.money(earner.getValue()) + " of "
                    + calc.money(earnedByAll) + (remaining == 0 && earners.size() > 1 ? " and takes the rest" : "")
                    + " → −" + calc.money(reduction));
        }
    }

    /** Brings each rep who earned down to what the period's cap leaves them after their earlier cases, at least 0. */
    private static void capRepsInPeriod(BountyCalculation calc, BigDecimal cap, BountyPeriod period) {
        WinBackFacts facts = calc.facts();
        String label = period.label(facts.closedOn);
        for (String rep : calc.reps()) {
            BigDecimal total = calc.total(rep);
            if (total.signum() <= 0) {
                continue;
            }
            BigDecimal earnedBefore = facts.tally(period, rep).earned;
            if (earnedBefore == null) {
                earnedBefore = BigDecimal.ZERO;
            }
            BigDecimal allowed = cap.subtract(earnedBefore).max(BigDecimal.ZERO);
            String so = rep + " had earned " + calc.money(earnedBefore) + " in " + label + "; the cap of "
                    + calc.money(cap) + " leaves " + calc.money(allowed) + "; this case's " + calc.money(total);
            if (total.compareTo(allowed) <= 0) {
                calc.note(so + " is within it");
                continue;
            }
            BigDecimal over = total.subtract(allowed);
            calc.add(rep, over.negate(), so + " is " + calc.money(over) + " over → −" + calc.money(over));
        }
    }

    /** Null when the plan does not set it. */
    private static BigDecimal limit(RuleParams params, String name) {
        return params.decimal(name, null, BigDecimal.ZERO, null);
    }
}
