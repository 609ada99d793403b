package dev.winback.api.bounty;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one rule gives one rep for one win-back, with the steps that led to the amount. The bounty module writes one
 * ledger entry per line. Changed only through {@link BountyCalculation}.
 */
public final class BountyLine {
    private final String rep;
    private final String rule;
    private final int ruleIndex;
    private BigDecimal amount;
    private final List<String> steps = new ArrayList<>();

    BountyLine(String rep, String rule, int ruleIndex, BigDecimal amount) {
        this.rep = rep;
        this.rule = rule;
        this.ruleIndex = ruleIndex;
        this.amount = amount;
    }

    public String rep() {
        return rep;
    }

    /** The rule that earned the line (a split line keeps the rule of the line it was split from). */
    public String rule() {
        return rule;
    }

    /** The rule's position in the plan, from 0: a plan may use one rule twice with different parameters. */
    public int ruleIndex() {
        return ruleIndex;
    }

    /** Rounded to the calculation's scale. */
    public BigDecimal amount() {
        return amount;
    }

    /** In plain words, in order. */
    public List<String> steps() {
        return Collections.unmodifiableList(steps);
    }

    void change(BigDecimal newAmount, String step) {
        amount = newAmount;
        steps.add(step);
    }

    @Override
    public String toString() {
        return rep + " " + rule + "#" + ruleIndex + " " + amount.toPlainString();
    }
}
