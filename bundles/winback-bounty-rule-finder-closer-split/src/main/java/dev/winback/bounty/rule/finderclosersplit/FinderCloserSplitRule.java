package dev.winback.bounty.rule.finderclosersplit;

import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Splits what the closer earned with the finder, the rep who made the first contact: often a cold call months
 * before someone else closed. It moves money and creates none, so it runs after the earning rules; the moved part
 * keeps the rule that earned it, and the total stays what it was to the cent.
 *
 * <p>Both shares are given although one follows from the other: a plan author who writes them both sees what the
 * closer keeps, and one who writes {@code 0.3} and {@code 0.6} is told rather than paid 0.9 of a bounty.
 */
@Component(service = BountyRule.class, property = BountyRule.NAME_PROPERTY + "=" + FinderCloserSplitRule.NAME)
public class FinderCloserSplitRule implements BountyRule {
    static final String NAME = "finder-closer-split";
    static final String FINDER_SHARE = "finderShare";
    static final String CLOSER_SHARE = "closerShare";

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
        return "Moves finderShare of every line the closer has so far to the rep who made the first contact; the "
                + "closer keeps closerShare, and the two fractions add up to exactly 1.";
    }

    @Override
    public void checkParams(RuleParams params) {
        params.allowOnly(FINDER_SHARE, CLOSER_SHARE);
        finderShare(params);
    }

    @Override
    public void apply(BountyCalculation calc, RuleParams params) {
        checkParams(params);
        BigDecimal finderShare = finderShare(params);
        WinBackFacts facts = calc.facts();
        String closer = facts.closer;
        String finder = facts.finder;
        if (finder == null) {
            calc.note("the case has no finder: closer " + closer + " keeps everything");
            return;
        }
        if (finder.equals(closer)) {
            calc.note(closer + " both found and closed the case: nothing to split");
            return;
        }
        if (finderShare.signum() == 0) {
            calc.note("finderShare is 0: closer " + closer + " keeps everything");
            return;
        }
        boolean split = false;
        // A copy: moving writes the finder's lines into the list being walked.
        for (BountyLine line : List.copyOf(calc.lines())) {
            if (!line.rep().equals(closer) || line.amount().signum() == 0) {
                continue;
            }
            BigDecimal before = line.amount();
            BigDecimal toFinder = calc.round(before.multiply(finderShare));
            calc.move(line, finder, toFinder, "finder " + finder + " gets "
                    + finderShare.movePointRight(2).stripTrailingZeros().toPlainString() + "% of closer " + closer
                    + "'s " + calc.money(before) + " from " + line.rule() + " = " + calc.money(toFinder)
                    + "; the closer keeps " + calc.money(before.subtract(toFinder)));
            split = true;
        }
        if (!split) {
            calc.note("closer " + closer + " has earned nothing so far: nothing to split");
        }
    }

    /** Checks both shares; the closer's is what the finder's leaves. */
    private static BigDecimal finderShare(RuleParams params) {
        BigDecimal finder = share(params, FINDER_SHARE);
        BigDecimal closer = share(params, CLOSER_SHARE);
        BigDecimal sum = finder.add(closer);
        if (sum.compareTo(BigDecimal.ONE) != 0) {
            String message = "finderShare " + finder.toPlainString() + " and closerShare " + closer.toPlainString()
                    + " add up to " + sum.toPlainString() + "; they must add up to exactly 1 (a third is 0.3333 and "
                    + "0.6667)";
            throw new InvalidInputException(List.of(new FieldProblem(params.path() + "." + FINDER_SHARE, message),
                    new FieldProblem(params.path() + "." + CLOSER_SHARE, message)));
        }
        return finder;
    }

    private static BigDecimal share(RuleParams params, String name) {
        BigDecimal share = params.decimal(name, null, BigDecimal.ZERO, BigDecimal.ONE);
        if (share == null) {
            throw params.problem(name, "is required");
        }
        return share;
    }
}
