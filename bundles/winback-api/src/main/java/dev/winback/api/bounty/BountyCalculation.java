package dev.winback.api.bounty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The bounty of one win-back under one plan, built rule by rule: the facts, the plan's currency and rounding, and
 * the lines the rules have written so far. Every amount a rule hands in is rounded here (half-even to the currency's
 * minor unit unless the plan says otherwise), so no rule can pay a fraction of a cent.
 *
 * <p>Not thread-safe: one calculation is one run of a plan's rules on one thread.
 */
public final class BountyCalculation {
    /** No line reaches this: the ledger keeps amounts below 10^15 with 4 decimals. */
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(14);
    private final WinBackFacts facts;
    private final String currency;
    private final int scale;
    private final RoundingMode rounding;
    private final List<BountyLine> lines = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private String rule = "";
    private int ruleIndex = -1;

    /**
     * @param currency ISO 4217 code of the plan; amounts are in it
     * @param scale    digits after the decimal point every amount is rounded to
     * @throws IllegalArgumentException for a code that is not a currency, or a negative scale
     */
    public BountyCalculation(WinBackFacts facts, String currency, int scale, RoundingMode rounding) {
        this.facts = Objects.requireNonNull(facts, "facts");
        this.currency = Currency.getInstance(Objects.requireNonNull(currency, "currency")).getCurrencyCode();
        if (scale < 0) {
            throw new IllegalArgumentException("scale must not be negative: " + scale);
        }
        this.scale = scale;
        this.rounding = Objects.requireNonNull(rounding, "rounding");
    }

    /** Half-even rounding to the currency's minor unit (2 digits for EUR, 0 for JPY, 3 for KWD). */
    public static BountyCalculation of(WinBackFacts facts, String currency) {
        return new BountyCalculation(facts, currency, minorUnit(currency), RoundingMode.HALF_EVEN);
    }

    /**
     * The digits of the currency's minor unit.
     *
     * @throws IllegalArgumentException for a code that is not a currency, or one without a minor unit (gold, XXX)
     */
    public static int minorUnit(String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency + " is not a currency money can be paid in");
        }
        return digits;
    }

    public WinBackFacts facts() {
        return facts;
    }

    public String currency() {
        return currency;
    }

    public int scale() {
        return scale;
    }

    public RoundingMode rounding() {
        return rounding;
    }

    /** {@code amount} rounded as every amount of this calculation is. */
    public BigDecimal round(BigDecimal amount) {
        return amount.setScale(scale, rounding);
    }

    /** An amount with its currency for explanations: {@code 100.00 EUR}. */
    public String money(BigDecimal amount) {
        return round(amount).toPlainString() + " " + currency;
    }

    /** Called by the bounty module before each rule of the plan runs; lines added from now on are the rule's. */
    public void startRule(String name, int index) {
        this.rule = Objects.requireNonNull(name, "name");
        this.ruleIndex = index;
    }

    /** The rule running now. */
    public String currentRule() {
        return rule;
    }

    /** The lines so far, in the order they were first written. */
    public List<BountyLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** The reps that have a line, in the order of their first line. */
    public Set<String> reps() {
        Set<String> reps = new LinkedHashSet<>();
        lines.forEach(l -> reps.add(l.rep()));
        return reps;
    }

    /** The sum of the rep's lines so far. */
    public BigDecimal total(String rep) {
        return lines.stream().filter(l -> l.rep().equals(rep)).map(BountyLine::amount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
    }

    /** The sum of all lines so far. */
    public BigDecimal total() {
        return lines.stream().map(BountyLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * Gives {@code rep} a rounded {@code amount} under the running rule, with the step that explains it. A second
     * amount for the same rep and rule adds to its line.
     *
     * @return the rep's line of the running rule
     */
    public BountyLine add(String rep, BigDecimal amount, String explanation) {
        requireRule();
        return credit(rep, rule, ruleIndex, round(amount), explanation);
    }

    /**
     * Moves {@code amount} (rounded) of {@code line} to {@code toRep}: the line shrinks by it and {@code toRep}'s
     * line of the same rule grows by it, so the total stays what it was to the cent.
     */
    public void move(BountyLine line, String toRep, BigDecimal amount, String explanation) {
        requireRule();
        if (!lines.contains(line)) {
            throw new IllegalArgumentException("not a line of this calculation: " + line);
        }
        BigDecimal moved = inLimit(round(amount));
        line.change(inLimit(line.amount().subtract(moved)), explanation);
        credit(toRep, line.rule(), line.ruleIndex(), moved, explanation);
    }

    /** A step of the calculation that changes no amount (why a rule paid nothing, say). */
    public void note(String explanation) {
        steps.add(prefix() + explanation);
    }

    /** Every step in the order it happened, each prefixed with its rule. */
    public List<String> steps() {
        return Collections.unmodifiableList(steps);
    }

    private BountyLine credit(String rep, String lineRule, int lineIndex, BigDecimal amount, String explanation) {
        if (rep == null || rep.isBlank()) {
            throw new IllegalArgumentException("a line needs a rep");
        }
        inLimit(amount);
        steps.add(prefix() + rep + ": " + explanation);
        for (BountyLine l : lines) {
            if (l.rep().equals(rep) && l.ruleIndex() == lineIndex) {
                l.change(inLimit(l.amount().add(amount)), explanation);
                return l;
            }
        }
        BountyLine line = new BountyLine(rep, lineRule, lineIndex, amount);
        line.change(amount, explanation);
        lines.add(line);
        return line;
    }

    /** {@code amount}, if a ledger can keep it. */
    private static BigDecimal inLimit(BigDecimal amount) {
        if (amount.abs().compareTo(LIMIT) >= 0) {
            throw new IllegalArgumentException("an amount of " + amount.toBigInteger().bitLength()
                    + " bits is beyond what a ledger keeps (below 10^14)");
        }
        return amount;
    }

    private String prefix() {
        return rule.isEmpty() ? "" : rule + ": ";
    }

    private void requireRule() {
        if (ruleIndex < 0) {
            throw new IllegalStateException("startRule was not called");
        }
    }
}
