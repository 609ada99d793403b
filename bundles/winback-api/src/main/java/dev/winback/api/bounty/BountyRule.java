package dev.winback.api.bounty;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One way of rewarding a win-back (double commission, a fixed bounty, a cap...), registered as an OSGi service with
 * the property {@value #NAME_PROPERTY} equal to {@link #name()}. The bounty module runs the rules of a plan in the
 * plan's order over one {@link BountyCalculation}: earning rules add lines, later rules may split, cap or accelerate
 * what the earlier ones added.
 *
 * <p>A rule must be a pure function of the facts, its parameters and the lines so far: no clock, no storage, no
 * randomness, no state of its own. That is what lets {@code /bounties/{id}/explain} recompute an entry months later
 * and find the same amount, and what lets a recalculation run one rule on several threads at once. When a rule's feature is uninstalled the accruals that need it wait, and are calculated once it is back.
 */
@ConsumerType
public interface BountyRule {

    /** Service property that carries {@link #name()}. */
    String NAME_PROPERTY = "winback.bounty.rule";

    /** How plans name the rule: lower-case letters, digits and dashes, e.g. {@code double-commission}. Never change it. */
    String name();

    /**
     * The version of the calculation, kept with every entry it contributes to: raise it whenever the same facts and
     * parameters could give a different amount, so an explanation can tell that the rule changed since.
     */
    String version();

    /** One sentence for a plan author: what the rule pays or changes, and its parameters. */
    String description();

    /**
     * Checks a plan's parameters for this rule before the plan is saved or published.
     *
     * @throws dev.winback.api.InvalidInputException naming each bad parameter and what would be right
     */
    void checkParams(RuleParams params);

    /**
     * Applies the rule to one win-back: reads {@link BountyCalculation#facts()} and the lines so far, and adds,
     * splits or adjusts lines, saying in plain words why through the calculation's methods.
     */
    void apply(BountyCalculation calculation, RuleParams params);
}
