package dev.winback.bounty.plan;

import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.bounty.Roles;
import dev.winback.bounty.rules.PlanRun;
import dev.winback.bounty.rules.RuleRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Bounty plans as users work with them: every Winback user may read them (a rep should know what pays), managers
 * and admins write and publish them. A plan is checked as a whole, every problem named at once; the parameters of
 * each rule are checked by the rule itself, and a plan is published only when every rule it names is installed.
 */
@Component(service = BountyPlans.class)
public class BountyPlans {
    static final int DEFAULT_CLAWBACK_DAYS = 90;
    static final BigDecimal DEFAULT_LOST_BELOW = new BigDecimal("0.5");
    /** The plan_versions.document column's width. */
    static final int MAX_DOCUMENT = 100_000;
    private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    private final JdbcPlanStore store;
    private final RuleRegistry rules;

    @Activate
    public BountyPlans(@Reference JdbcPlanStore store, @Reference RuleRegistry rules) {
        this.store = store;
        this.rules = rules;
    }

    public BountyPlan create(BountyPlan plan, Actor actor) {
        Roles.manager(actor, "Writing bounty plans");
        return store.create(checked(plan), actor.name());
    }

    public List<BountyPlan> list(Actor actor) {
        Roles.user(actor);
        return store.all();
    }

    /** The newest version with the plan's history. */
    public BountyPlan get(UUID id, Actor actor) {
        Roles.user(actor);
        return store.latest(id).orElseThrow(() -> new NotFoundException("No bounty plan " + id));
    }

    public BountyPlan version(UUID id, int version, Actor actor) {
        Roles.user(actor);
        return store.version(id, version).orElseThrow(() -> new NotFoundException("Bounty plan " + id
                + " has no version " + version));
    }

    /** The row version of the newest version: the ETag a draft is changed under. */
    public long etag(BountyPlan plan) {
        return plan.rowVersion;
    }

    /** Saves a change as the plan's draft (a new version when the newest is published or retired). */
    public BountyPlan update(UUID id, BountyPlan plan, Long expectedVersion, Actor actor) {
        Roles.manager(actor, "Writing bounty plans");
        return store.saveDraft(id, checked(plan), expectedVersion, actor.name());
    }

    /**
     * Publishes the draft: from now on it pays for the win-backs it covers, and the version it replaces is
     * retired. Refused while a rule it names is not installed, so no published plan starts out waiting.
     */
    public BountyPlan publish(UUID id, Actor actor) {
        Roles.manager(actor, "Publishing bounty plans");
        return store.publish(id, actor.name(), this::checkPublishable);
    }

    /** Refuses a draft that names a rule that is not installed, or whose parameters no longer suit its rules. */
    public void checkPublishable(BountyPlan draft) {
        List<String> missing = PlanRun.missing(draft, rules.installed());
        if (!missing.isEmpty()) {
            throw new UnprocessableException("rules", "not installed: " + String.join(", ", missing)
                    + "; install the feature(s) " + String.join(", ", missing.stream()
                    .map(n -> "winback-bounty-rule-" + n).toList()) + " first");
        }
        checked(draft);
    }

    public BountyPlan retire(UUID id, Actor actor) {
        Roles.manager(actor, "Retiring bounty plans");
        return store.retire(id, actor.name());
    }

    /**
     * The plan with its defaults filled in, or every problem it has. Rules that are not installed are accepted in a
     * draft (their parameters are checked when the rule is there), but must be there to publish.
     */
    BountyPlan checked(BountyPlan plan) {
        if (plan == null) {
            throw new InvalidInputException("body", "a bounty plan is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (plan.name == null || plan.name.isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (plan.name.length() > 200) {
            problems.add(new FieldProblem("name", "must be at most 200 characters"));
        } else {
            plan.name = plan.name.strip();
        }
        if (plan.currency == null) {
            problems.add(new FieldProblem("currency", "is required (ISO 4217, e.g. EUR)"));
        } else {
            try {
                plan.currency = plan.currency.toUpperCase(Locale.ROOT);
                BountyCalculation.minorUnit(plan.currency);
                if (!plan.currency.matches("[A-Z]{3}")) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("currency", "\"" + plan.currency + "\" is not an ISO 4217 currency "
                        + "that money is paid in"));
            }
        }
        if (plan.validFrom == null) {
            problems.add(new FieldProblem("validFrom", "is required (the first day the plan pays for)"));
        } else if (plan.validFrom.getYear() < 2000 || plan.validFrom.getYear() > 9999) {
            problems.add(new FieldProblem("validFrom", "must be a day from 2000 to 9999"));
        } else if (plan.validTo != null && plan.validTo.isBefore(plan.validFrom)) {
            problems.add(new FieldProblem("validTo", "must not be before validFrom"));
        } else if (plan.validTo != null && plan.validTo.getYear() > 9999) {
            problems.add(new FieldProblem("validTo", "must be a day up to 9999-12-31, or null for open-ended"));
        }
        if (plan.scope == null) {
            plan.scope = new PlanScope();
        }
        plan.scope.lossKinds = plan.scope.lossKinds == null ? new ArrayList<>() : new ArrayList<>(plan.scope.lossKinds);
        plan.scope.segments = plan.scope.segments == null ? new ArrayList<>() : new ArrayList<>(plan.scope.segments);
        plan.scope.strategies = plan.scope.strategies == null ? new ArrayList<>()
                : new ArrayList<>(plan.scope.strategies);
        if (plan.scope.lossKinds.contains(null) || plan.scope.segments.contains(null)
                || plan.scope.strategies.contains(null)) {
            problems.add(new FieldProblem("scope", "lists must not hold null"));
        }
        if (plan.clawbackDays == null) {
            plan.clawbackDays = DEFAULT_CLAWBACK_DAYS;
        } else if (plan.clawbackDays < 0 || plan.clawbackDays > 3650) {
            problems.add(new FieldProblem("clawbackDays", "must be from 0 to 3650"));
        }
        if (plan.requireLost == null) {
            plan.requireLost = false;
        }
        if (plan.lostBelowProbabilityAlive == null) {
            plan.lostBelowProbabilityAlive = DEFAULT_LOST_BELOW;
        } else if (plan.lostBelowProbabilityAlive.signum() <= 0 || plan.lostBelowProbabilityAlive.compareTo(
                BigDecimal.ONE) > 0) {
            problems.add(new FieldProblem("lostBelowProbabilityAlive", "must be above 0 and at most 1"));
        }
        if (plan.holdback == null) {
            plan.holdback = true;
        }
        if (plan.roundingMode != null) {
            try {
                RoundingMode mode = RoundingMode.valueOf(plan.roundingMode.toUpperCase(Locale.ROOT));
                if (mode == RoundingMode.UNNECESSARY) {
                    throw new IllegalArgumentException();
                }
                plan.roundingMode = mode.name();
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("roundingMode", "must be one of HALF_EVEN, HALF_UP, HALF_DOWN, UP, "
                        + "DOWN, CEILING, FLOOR"));
            }
        }
        if (plan.roundingScale != null && (plan.roundingScale < 0 || plan.roundingScale > 4)) {
            problems.add(new FieldProblem("roundingScale", "must be from 0 to 4 (the ledger keeps 4 decimals)"));
        }
        if (plan.rules == null || plan.rules.isEmpty()) {
            problems.add(new FieldProblem("rules", "at least one rule is required"));
        } else {
            for (int i = 0; i < plan.rules.size(); i++) {
                checkRule(plan.rules.get(i), i, problems);
            }
        }
        if (problems.isEmpty() && dev.winback.bounty.BountyJson.write(plan).length() > MAX_DOCUMENT) {
            problems.add(new FieldProblem("body", "the plan is longer than " + MAX_DOCUMENT + " characters as JSON; "
                    + "a plan names rules and a few parameters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return plan;
    }

    private void checkRule(PlanRule r, int i, List<FieldProblem> problems) {
        String path = "rules[" + i + "]";
        if (r == null || r.rule == null || !RULE_NAME.matcher(r.rule).matches()) {
            problems.add(new FieldProblem(path + ".rule", "must name a rule (lower-case letters, digits, dashes), "
                    + "e.g. double-commission"));
            return;
        }
        if (r.params == null) {
            r.params = new LinkedHashMap<>();
        }
        BountyRule rule = rules.rule(r.rule).orElse(null);
        if (rule != null) {
            try {
                rule.checkParams(new RuleParams(path + ".params", r.params));
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
    }
}
