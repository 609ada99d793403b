package dev.winback.bounty.ledger;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.api.dto.Page;
import dev.winback.bounty.BountyJson;
import dev.winback.bounty.Roles;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.JdbcPlanStore;
import dev.winback.bounty.rules.PlanRun;
import dev.winback.bounty.rules.RuleRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The ledger as people use it: reps see and dispute their own entries; managers and admins see all, approve,
 * resolve disputes and pay out. Every change is a state move with its history and audit entry, or a new entry.
 */
@Component(service = BountyLedger.class)
public class BountyLedger {
    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    static final int MAX_TEXT = 2000;

    private final JdbcLedger ledger;
    private final JdbcPlanStore plans;
    private final RuleRegistry rules;
    private final Accruals accruals;

    @Activate
    public BountyLedger(@Reference JdbcLedger ledger, @Reference JdbcPlanStore plans, @Reference RuleRegistry rules,
            @Reference Accruals accruals) {
        this.ledger = ledger;
        this.plans = plans;
        this.rules = rules;
        this.accruals = accruals;
    }

    /** Entries newest first; a rep sees only their own, and asking for another rep's is refused. */
    public Page<BountyEntry> find(String rep, String period, EntryState state, UUID caseId, int page, int size,
            Actor actor) {
        Roles.user(actor);
        if (!actor.seesAllCases()) {
            if (rep != null && !rep.equals(actor.name())) {
                throw new AccessDeniedException("A rep sees only their own bounties");
            }
            rep = actor.name();
        }
        if (page < 0 || size < 1 || size > 500) {
            throw new InvalidInputException(page < 0 ? "page" : "size", page < 0 ? "must not be negative"
                    : "must be from 1 to 500");
        }
        return ledger.find(rep, checkedPeriod(period, false), state, caseId, page, size);
    }

    public BountyEntry get(UUID id, Actor actor) {
        return visible(id, actor);
    }

    /** Every state the entry was in: when, who, why. */
    public List<String[]> history(UUID id, Actor actor) {
        visible(id, actor);
        return ledger.history(id);
    }

    /**
     * A manager approves an entry that is ACCRUED or PAYABLE and not disputed, together with the rep's other
     * approvable lines of the same win-back: a cap's negative line and the lines it caps are paid together or not at
     * all. Nobody approves their own bounty, nor an adjustment they wrote.
     *
     * @return the entry asked for, approved
     */
    public BountyEntry approve(UUID id, Actor actor) {
        Roles.manager(actor, "Approving bounties");
        return ledger.transaction("approving a bounty", c -> {
            BountyEntry e = ledger.entry(c, id, false).orElseThrow(() -> notFound(id));
            ledger.lockAccrual(c, e.accrualId);
            e = ledger.entry(c, id, true).orElseThrow();
            if (e.rep.equals(actor.name())) {
                throw new AccessDeniedException("Nobody approves their own bounty; another manager must");
            }
            if (!e.state.approvable()) {
                throw new ConflictException("Bounty " + id + " is " + e.state + (e.state == EntryState.HELD
                        ? ": it is held until the customer's first purchase after the win-back" : "")
                        + "; only ACCRUED or PAYABLE entries are approved");
            }
            List<BountyEntry> together = new ArrayList<>();
            for (BountyEntry sibling : ledger.entriesOf(c, e.accrualId)) {
                if (sibling.rep.equals(e.rep) && sibling.state.approvable()) {
                    if (sibling.dispute != null && "OPEN".equals(sibling.dispute.status)) {
                        throw new ConflictException("Bounty " + sibling.id + " of the same win-back is disputed; "
                                + "resolve the dispute first (the rep's lines of a win-back are approved together)");
                    }
                    if (sibling.createdBy.equals(actor.name())) {
                        throw new AccessDeniedException("Bounty " + sibling.id + " is an adjustment you wrote; "
                                + "another manager approves it");
                    }
                    together.add(sibling);
                }
            }
            BountyEntry approved = null;
            for (BountyEntry sibling : together) {
                BountyEntry after = ledger.changeState(c, sibling, EntryState.APPROVED, actor.name(),
                        sibling.id.equals(id) ? "approved" : "approved with " + id);
                if (sibling.id.equals(id)) {
                    approved = after;
                }
            }
            return approved;
        });
    }

    /** The entry's rep disputes it, saying why; one open dispute at a time. */
    public BountyEntry dispute(UUID id, String reason, Actor actor) {
        Roles.user(actor);
        String why = text("reason", reason, "say what is wrong with the amount");
        return ledger.transaction("disputing a bounty", c -> {
            BountyEntry e = ledger.entry(c, id, true).filter(x -> canSee(x, actor)).orElseThrow(() -> notFound(id));
            if (!e.rep.equals(actor.name())) {
                throw new AccessDeniedException("Only the rep a bounty is for disputes it; managers resolve");
            }
            if (e.state == EntryState.REVERSED) {
                throw new ConflictException("Bounty " + id + " was reversed; there is nothing left to dispute");
            }
            if (e.dispute != null && "OPEN".equals(e.dispute.status)) {
                throw new ConflictException("Bounty " + id + " is disputed already; wait for a manager's resolution");
            }
            return ledger.openDispute(c, e, why, actor.name());
        });
    }

    /**
     * A manager resolves an open dispute: ADJUST writes an adjusting entry of {@code amount} (positive or negative)
     * for the rep, ACCRUED and linked to the disputed one; REJECT keeps the amount. Both need a note.
     *
     * @return the disputed entry, and the adjustment when there is one
     */
    public List<BountyEntry> resolve(UUID id, String decision, BigDecimal amount, String note, Actor actor) {
        Roles.manager(actor, "Resolving bounty disputes");
        String why = text("note", note, "say why the dispute is resolved this way");
        boolean adjust;
        if ("ADJUST".equalsIgnoreCase(decision)) {
            adjust = true;
            if (amount == null || amount.signum() == 0) {
                throw new InvalidInputException("amount", "an adjustment needs a non-zero amount (negative to take "
                        + "back)");
            }
            if (amount.scale() > 4 || amount.abs().compareTo(new BigDecimal("1000000000")) >= 0) {
                throw new InvalidInputException("amount", "must have at most 4 decimals and be below 1,000,000,000");
            }
        } else if ("REJECT".equalsIgnoreCase(decision)) {
            adjust = false;
            if (amount != null) {
                throw new InvalidInputException("amount", "a rejection changes no amount; leave it out");
            }
        } else {
            throw new InvalidInputException("decision", "must be ADJUST or REJECT");
        }
        return ledger.transaction("resolving a bounty dispute", c -> {
            // The win-back first, as a clawback locks it: an adjustment cannot slip past a clawback under way.
            BountyEntry found = ledger.entry(c, id, false).orElseThrow(() -> notFound(id));
            Accrual accrual = ledger.lockAccrual(c, found.accrualId).orElseThrow();
            BountyEntry e = ledger.entry(c, id, true).orElseThrow();
            if (e.dispute == null || !"OPEN".equals(e.dispute.status)) {
                throw new ConflictException("Bounty " + id + " has no open dispute");
            }
            if (e.rep.equals(actor.name())) {
                throw new AccessDeniedException("Nobody resolves a dispute of their own bounty");
            }
            if (adjust && (accrual.clawedBackAt != null || e.state == EntryState.REVERSED)) {
                throw new ConflictException("The win-back of bounty " + id + " was clawed back ("
                        + accrual.clawbackReason + "); nothing is paid for it any more, so reject the dispute");
            }
            List<BountyEntry> result = new ArrayList<>();
            if (adjust) {
                int unit = BountyCalculation.minorUnit(e.currency);
                if (amount.stripTrailingZeros().scale() > unit) {
                    throw new InvalidInputException("amount", e.currency + " amounts have " + unit + " decimal(s); "
                            + amount.toPlainString() + " has more");
                }
                BigDecimal rounded = amount.setScale(unit, java.math.RoundingMode.UNNECESSARY);
                // Held like the line it corrects: an adjustment is not paid before the customer has paid.
                BountyEntry a = BountyEntry.correcting(e, EntryKind.ADJUSTMENT, rounded, e.state == EntryState.HELD
                        ? EntryState.HELD : EntryState.ACCRUED,
                        "Adjustment of " + rounded.toPlainString() + " " + e.currency + " resolving " + e.rep
                        + "'s dispute of entry " + e.id + " (\"" + e.dispute.reason + "\"): " + why, actor.name());
                BountyEntry closed = ledger.closeDispute(c, e, "ADJUSTED", why, actor.name());
                result.add(closed);
                result.add(ledger.insertEntry(c, a, "resolution:" + e.id + ":" + e.dispute.disputedAt, accruals
                        .zone()));
            } else {
                result.add(ledger.closeDispute(c, e, "REJECTED", why, actor.name()));
            }
            return result;
        });
    }

    /** Marks the period's approved entries paid; refused when there is nothing approved to pay. */
    public Payout payout(String period, Actor actor) {
        Roles.manager(actor, "Paying out bounties");
        String p = checkedPeriod(period, true);
        return ledger.payout(p, actor.name()).orElseThrow(() -> new UnprocessableException("period",
                "no approved bounty in " + p + " to pay; approve entries first"));
    }

    /** Per rep and currency, what payroll pays for the period (approved and paid entries). */
    public List<PayrollLine> payroll(String period, Actor actor) {
        Roles.manager(actor, "The payroll export");
        return ledger.payroll(checkedPeriod(period, true));
    }

    public String payrollCsv(String period, Actor actor) {
        StringBuilder out = new StringBuilder(Csv.line(List.of("period", "rep", "currency", "approved", "paid",
                "total", "entries")));
        for (PayrollLine l : payroll(period, actor)) {
            out.append(Csv.line(List.of(l.period, l.rep, l.currency, l.approved, l.paid, l.approved.add(l.paid),
                    l.entries)));
        }
        return out.toString();
    }

    /** A rep's entries of a period with totals per currency and state; a rep may read only their own. */
    public Statement statement(String rep, String period, Actor actor) {
        Roles.user(actor);
        if (!actor.seesAllCases() && !actor.name().equals(rep)) {
            throw new AccessDeniedException("A rep reads only their own statement");
        }
        String p = checkedPeriod(period, true);
        return Statement.of(rep, p, ledger.statement(rep, p));
    }

    public String statementCsv(String rep, String period, Actor actor) {
        Statement s = statement(rep, period, actor);
        StringBuilder out = new StringBuilder(Csv.line(List.of("period", "rep", "entry", "created", "written in",
                "paid in", "kind", "case", "rule", "state", "amount", "currency", "explanation")));
        for (BountyEntry e : s.entries) {
            out.append(Csv.line(java.util.Arrays.asList(s.period, s.rep, e.id, e.createdAt, e.period, e.paidPeriod,
                    e.kind, e.caseId, e.rule, e.state, e.amount, e.currency, e.explanation)));
        }
        return out.toString();
    }

    /**
     * Works the entry out again from the facts and plan version frozen with it: the same rules over the same facts
     * must give the same amount, or the explanation says they do not.
     */
    public Explanation explain(UUID id, Actor actor) {
        BountyEntry e = visible(id, actor);
        Explanation x = new Explanation();
        x.entryId = e.id;
        x.kind = e.kind;
        x.rep = e.rep;
        x.amount = e.amount;
        x.currency = e.currency;
        x.planId = e.planId;
        x.planVersion = e.planVersion;
        x.rule = e.rule;
        x.ruleVersion = e.ruleVersion;
        x.installedRuleVersion = rules.rule(e.rule).map(BountyRule::version).orElse(null);
        String frozen = ledger.transaction("reading bounty facts", c -> ledger.facts(c, e.accrualId));
        x.facts = BountyJson.read(frozen, WinBackFacts.class);
        switch (e.kind) {
            case ACCRUAL:
                recompute(e, x);
                break;
            case RECALCULATION:
                recompute(e, x);
                if (x.recomputed != null) {
                    // The entry is the difference between what the new version gives and what the line had.
                    BigDecimal before = ledger.sumBefore(e);
                    x.recomputed = x.recomputed.subtract(before);
                    x.matches = x.recomputed.compareTo(e.amount) == 0;
                    x.note = "Plan version " + e.planVersion + " gives the line " + x.recomputed.add(before)
                            .toPlainString() + " " + e.currency + "; it had " + before.stripTrailingZeros()
                            .toPlainString() + " before this recalculation" + (x.matches ? "" : ", which does not "
                            + "give this entry's amount");
                }
                break;
            case CLAWBACK:
                BountyEntry original = ledger.entry(e.refersTo).orElseThrow();
                x.recomputed = original.amount.negate();
                x.matches = x.recomputed.compareTo(e.amount) == 0;
                x.lineSteps = List.of(e.explanation);
                x.note = "A clawback reverses entry " + original.id + " to the cent.";
                break;
            default:
                x.lineSteps = List.of(e.explanation);
                x.note = "An adjustment is a manager's decision, not a rule's: its amount is as they wrote it.";
                break;
        }
        if (!actor.seesAllCases()) {
            // A rep's explanation is about their own money: what other reps had earned (the tallies of caps and
            // accelerators) and the steps of their lines are theirs.
            x.facts.tallies.values().forEach(byRep -> byRep.keySet().retainAll(java.util.Set.of(actor.name())));
            x.steps = null;
        }
        return x;
    }

    private void recompute(BountyEntry e, Explanation x) {
        BountyPlan plan = plans.version(e.planId, e.planVersion).orElseThrow();
        Map<String, BountyRule> installed = rules.installed();
        List<String> missing = PlanRun.missing(plan, installed);
        if (!missing.isEmpty()) {
            x.note = "Cannot recompute: rule(s) " + String.join(", ", missing) + " not installed.";
            x.lineSteps = List.of(e.explanation);
            return;
        }
        PlanRun run = PlanRun.run(plan, x.facts, installed);
        x.steps = run.calculation().steps();
        Optional<BountyLine> line = run.calculation().lines().stream().filter(l -> l.rep().equals(e.rep)
                && l.ruleIndex() == e.ruleIndex).findFirst();
        x.recomputed = line.map(BountyLine::amount).orElse(BigDecimal.ZERO);
        x.lineSteps = line.map(BountyLine::steps).orElse(List.of());
        x.matches = x.recomputed.compareTo(e.amount) == 0;
        if (!x.matches) {
            x.note = "The frozen facts now give " + x.recomputed.toPlainString() + " " + e.currency + ", not "
                    + e.amount.toPlainString() + (e.ruleVersion != null && !e.ruleVersion.equals(
                    x.installedRuleVersion) ? ": rule " + e.rule + " changed from version " + e.ruleVersion + " to "
                    + x.installedRuleVersion : "");
        }
    }

    /** Accruals (managers): which cases wait for rules, which the plans would not pay for, and why. */
    public List<Accrual> accruals(Accrual.Status status, UUID caseId, int page, int size, Actor actor) {
        Roles.manager(actor, "Bounty accruals");
        return ledger.accruals(status, caseId, page, size);
    }

    private BountyEntry visible(UUID id, Actor actor) {
        Roles.user(actor);
        return ledger.entry(id).filter(e -> canSee(e, actor)).orElseThrow(() -> notFound(id));
    }

    private static boolean canSee(BountyEntry e, Actor actor) {
        return actor.seesAllCases() || e.rep.equals(actor.name());
    }

    /** A payroll period, {@code yyyy-MM}. */
    static String checkedPeriod(String period, boolean required) {
        if (period == null || period.isBlank()) {
            if (required) {
                throw new InvalidInputException("period", "is required, as yyyy-MM (e.g. 2026-03)");
            }
            return null;
        }
        if (!PERIOD.matcher(period.strip()).matches()) {
            throw new InvalidInputException("period", "must be a month as yyyy-MM (e.g. 2026-03), was \""
                    + (period.length() > 20 ? period.substring(0, 20) + "…" : period) + "\"");
        }
        return period.strip();
    }

    private static String text(String field, String value, String hint) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required: " + hint);
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidInputException(field, "must be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No bounty " + id);
    }
}
