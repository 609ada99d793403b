package dev.winback.bounty.ledger;

import dev.winback.api.bounty.WinBackFacts;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** An entry's amount worked out again from what was frozen with it, step by step. */
public class Explanation {
    public UUID entryId;
    public EntryKind kind;
    public String rep;
    public BigDecimal amount;
    public String currency;
    /** The amount the frozen evidence gives today; null when it cannot be recomputed (a rule is not installed). */
    public BigDecimal recomputed;
    /** Whether {@link #recomputed} equals {@link #amount}. */
    public Boolean matches;
    public UUID planId;
    public int planVersion;
    public String rule;
    /** The rule's version the entry was calculated with, and the installed one. */
    public String ruleVersion;
    public String installedRuleVersion;
    /** The frozen facts of the win-back. */
    public WinBackFacts facts;
    /** Every step of the plan's calculation for the win-back, and the steps of this entry's line. */
    public List<String> steps;
    public List<String> lineSteps;
    /** Anything the reader should know: why there is no recomputation, what an adjustment refers to. */
    public String note;
}
