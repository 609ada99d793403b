package dev.winback.bounty.ledger;

import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.bounty.BountyJson;
import dev.winback.bounty.Roles;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.BountyPlans;
import dev.winback.bounty.plan.JdbcPlanStore;
import dev.winback.bounty.plan.PlanStatus;
import dev.winback.bounty.rules.PlanRun;
import dev.winback.bounty.rules.RuleRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A plan changed: every win-back already calculated under it is run again through the draft, from the facts frozen
 * with it, and the difference per line is shown per rep. Nothing is written until a manager confirms the very
 * preview they read; then the draft is published and each difference becomes a RECALCULATION entry, in one
 * transaction.
 */
@Component(service = PlanRecalculations.class)
public class PlanRecalculations {
    /** Threads that run the rules of one preview; the database streams the facts on another core meanwhile. */
    static final int WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final int BATCH = 1000;

    private final JdbcLedger ledger;
    private final JdbcPlanStore store;
    private final BountyPlans plans;
    private final RuleRegistry rules;
    private final Accruals accruals;

    @Activate
    public PlanRecalculations(@Reference JdbcLedger ledger, @Reference JdbcPlanStore store,
            @Reference BountyPlans plans, @Reference RuleRegistry rules, @Reference Accruals accruals) {
        this.ledger = ledger;
        this.store = store;
        this.plans = plans;
        this.rules = rules;
        this.accruals = accruals;
    }

    /** What publishing the plan's draft would change, per rep; writes nothing. */
    public Recalculation preview(UUID planId, Actor actor) {
        Roles.manager(actor, "Recalculating a bounty plan");
        return ledger.transaction("previewing a bounty plan recalculation", c -> preview(c, planId));
    }

    /**
     * Publishes the draft and writes the adjusting entries of the preview named by {@code token}.
     *
     * @throws ConflictException the draft or the ledger changed since that preview (preview again)
     */
    public Recalculation apply(UUID planId, String token, Actor actor) {
        Roles.manager(actor, "Recalculating a bounty plan");
        if (token == null || token.isBlank()) {
            throw new InvalidInputException("token", "is required: the token of the preview being confirmed "
                    + "(GET /bounty-plans/{id}/recalculation)");
        }
        return ledger.transaction("applying a bounty plan recalculation", c -> {
            // The plan row's lock keeps a second confirmation (or an edit of the draft) out until this commits.
            Recalculation check = preview(c, planId);
            if (!check.token.equals(token)) {
                throw new ConflictException("The draft or the ledger changed since that preview; preview the "
                        + "recalculation again and confirm the new one");
            }
            BountyPlan published = store.publish(c, planId, actor.name(), plans::checkPublishable);
            UUID id = UUID.randomUUID();
            int[] written = {0};
            SQLException[] failure = {null};
            Map<String, BountyRule> installed = rules.installed();
            ledger.calculatedAccruals(c, planId, check.fromVersion, a -> {
                if (failure[0] != null) {
                    return;
                }
                PlanRun run;
                try {
                    run = PlanRun.run(published, BountyJson.read(a.facts(), WinBackFacts.class), installed);
                } catch (PlanRun.RuleFailed e) {
                    throw refused(e);
                }
                Map<JdbcLedger.LineKey, BountyLine> proposed = new LinkedHashMap<>();
                for (BountyLine line : run.calculation().lines()) {
                    proposed.put(new JdbcLedger.LineKey(line.rep(), line.ruleIndex()), line);
                }
                Set<JdbcLedger.LineKey> keys = new LinkedHashSet<>(a.current().keySet());
                keys.addAll(proposed.keySet());
                try {
                    Accrual locked = null;
                    for (JdbcLedger.LineKey key : keys) {
                        BigDecimal was = a.current().getOrDefault(key, BigDecimal.ZERO);
                        BountyLine line = proposed.get(key);
                        BigDecimal difference = (line == null ? BigDecimal.ZERO : line.amount()).subtract(was);
                        if (difference.signum() == 0) {
                            continue;
                        }
                        if (locked == null) {
                            // Under the win-back's lock, as it is now: a clawback or a release that committed
                            // since the cursor read it decides whether, and how held, its differences are written.
                            locked = ledger.lockAccrual(c, a.id()).orElseThrow();
                        }
                        if (locked.clawedBackAt != null) {
                            break;
                        }
                        write(c, published, id, a, key, line, was, difference, run, locked.releasedAt != null);
                        written[0]++;
                    }
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            // From now on these win-backs are under the new version: a rule's return calculates the waiting ones by
            // it, and the next recalculation starts from it.
            int moved = ledger.moveAccruals(c, planId, check.fromVersion, published.version);
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("version", check.fromVersion);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("version", published.version);
            after.put("recalculation", id);
            after.put("winBacksMoved", moved);
            after.put("entriesWritten", written[0]);
            store.audit(c, planId, actor.name(), before, after);
            check.recalculationId = id;
            check.appliedAt = ledger.now();
            check.entriesWritten = written[0];
            return check;
        });
    }

    /**
     * Runs the facts of every calculated, not clawed-back win-back of the plan through its draft and sets the
     * proposed totals per rep beside what the plan has paid them; under the plan row's lock.
     */
    private Recalculation preview(Connection c, UUID planId) throws SQLException {
        BountyPlan draft = store.lockLatest(c, planId).orElseThrow(() -> new NotFoundException("No bounty plan "
                + planId));
        if (draft.status != PlanStatus.DRAFT) {
            throw new ConflictException("Bounty plan " + planId + " has no draft: save the change first (PUT "
                    + "/bounty-plans/" + planId + "), then preview what it would change");
        }
        BountyPlan inForce = store.published(c, planId).orElseThrow(() -> new ConflictException("Bounty plan "
                + planId + " has no version in force whose win-backs could be recalculated; publish the draft"));
        List<String> changed = coverageChanges(inForce, draft);
        if (!changed.isEmpty()) {
            throw new UnprocessableException(changed.get(0), "a recalculation re-prices the win-backs version "
                    + inForce.version + " paid for, under the draft's rules; this draft also changes what the plan "
                    + "covers or how it holds back (" + String.join(", ", changed) + "). Publish it without "
                    + "recalculating, or keep "
                    + "those as they are");
        }
        plans.checkPublishable(draft);
        Map<String, BountyRule> installed = rules.installed();
        Recalculation r = new Recalculation();
        r.planId = planId;
        r.fromVersion = inForce.version;
        r.draftVersion = draft.version;
        r.currency = draft.currency;
        Map<String, BigDecimal> proposed = proposedByRep(c, draft, inForce.version, installed, r);
        JdbcLedger.PlanTotals totals = ledger.planTotals(c, planId, inForce.version);
        Set<String> reps = new java.util.TreeSet<>(proposed.keySet());
        reps.addAll(totals.byRep().keySet());
        for (String name : reps) {
            Recalculation.RepChange rep = new Recalculation.RepChange();
            rep.rep = name;
            rep.current = totals.byRep().getOrDefault(name, BigDecimal.ZERO);
            rep.proposed = proposed.getOrDefault(name, BigDecimal.ZERO);
            rep.difference = rep.proposed.subtract(rep.current);
            r.totalDifference = r.totalDifference.add(rep.difference);
            r.reps.add(rep);
        }
        r.token = token(draft, draft.rowVersion, totals.newestEntry(), r);
        return r;
    }

    /** The fields that say which win-backs a plan pays for, where the draft differs from the version in force. */
    static List<String> coverageChanges(BountyPlan inForce, BountyPlan draft) {
        List<String> changed = new ArrayList<>();
        if (!java.util.Objects.equals(inForce.currency, draft.currency)) {
            changed.add("currency");
        }
        if (!java.util.Objects.equals(inForce.validFrom, draft.validFrom)) {
            changed.add("validFrom");
        }
        if (!java.util.Objects.equals(inForce.validTo, draft.validTo)) {
            changed.add("validTo");
        }
        if (!new java.util.HashSet<>(inForce.scope.lossKinds).equals(new java.util.HashSet<>(draft.scope.lossKinds))
                || !lowerCase(inForce.scope.segments).equals(lowerCase(draft.scope.segments))
                || !new java.util.HashSet<>(inForce.scope.strategies).equals(
                        new java.util.HashSet<>(draft.scope.strategies))) {
            changed.add("scope");
        }
        if (!inForce.requireLost.equals(draft.requireLost) || (draft.requireLost
                && inForce.lostBelowProbabilityAlive.compareTo(draft.lostBelowProbabilityAlive) != 0)) {
            changed.add("requireLost");
        }
        // The win-backs keep the holdback and clawback window they were accrued with.
        if (!inForce.holdback.equals(draft.holdback)) {
            changed.add("holdback");
        }
        if (!inForce.clawbackDays.equals(draft.clawbackDays)) {
            changed.add("clawbackDays");
        }
        return changed;
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> lower = new java.util.HashSet<>();
        values.forEach(v -> lower.add(v.toLowerCase(java.util.Locale.ROOT)));
        return lower;
    }

    /**
     * The draft's amounts per rep over every calculated win-back of the plan. The facts are read on this thread and
     * run through the rules in batches on {@link #WORKERS} others (rules are pure, so they run side by side), at
     * most a few batches ahead, so a million entries take neither a million objects nor one core.
     */
    private Map<String, BigDecimal> proposedByRep(Connection c, BountyPlan draft, int version,
            Map<String, BountyRule> installed, Recalculation r) throws SQLException {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, task -> {
            Thread t = new Thread(task, "winback-bounty-recalculation");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Map<String, BigDecimal>>> pending = new ArrayDeque<>();
            Map<String, BigDecimal> proposed = new TreeMap<>();
            List<String> batch = new ArrayList<>(BATCH);
            ledger.calculatedFacts(c, draft.id, version, facts -> {
                r.accruals++;
                batch.add(facts);
                if (batch.size() == BATCH) {
                    List<String> full = new ArrayList<>(batch);
                    batch.clear();
                    pending.add(workers.submit(() -> run(draft, installed, full)));
                    while (pending.size() > 2 * WORKERS) {
                        merge(proposed, pending.poll());
                    }
                }
            });
            pending.add(workers.submit(() -> run(draft, installed, batch)));
            while (!pending.isEmpty()) {
                merge(proposed, pending.poll());
            }
            return proposed;
        } finally {
            workers.shutdownNow();
        }
    }

    private static Map<String, BigDecimal> run(BountyPlan draft, Map<String, BountyRule> installed,
            List<String> batch) {
        Map<String, BigDecimal> byRep = new HashMap<>();
        for (String facts : batch) {
            for (BountyLine line : PlanRun.run(draft, BountyJson.read(facts, WinBackFacts.class), installed)
                    .calculation().lines()) {
                byRep.merge(line.rep(), line.amount(), BigDecimal::add);
            }
        }
        return byRep;
    }

    private static void merge(Map<String, BigDecimal> into, Future<Map<String, BigDecimal>> part) {
        try {
            part.get().forEach((rep, amount) -> into.merge(rep, amount, BigDecimal::add));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recalculating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PlanRun.RuleFailed) {
                throw refused((PlanRun.RuleFailed) e.getCause());
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A rule that throws on a frozen win-back: the draft cannot be applied as it is. */
    private static UnprocessableException refused(PlanRun.RuleFailed failure) {
        return new UnprocessableException("rules", dev.winback.api.store.ModuleDatabase.clip(failure.getMessage()
                + " on a win-back of the plan; change its parameters or reinstall the rule", 2000));
    }

    private void write(Connection c, BountyPlan plan, UUID id, JdbcLedger.CalculatedAccrual a,
            JdbcLedger.LineKey key, BountyLine line, BigDecimal was, BigDecimal difference, PlanRun run,
            boolean released) throws SQLException {
        BountyEntry e = new BountyEntry();
        e.accrualId = a.id();
        e.kind = EntryKind.RECALCULATION;
        e.rep = key.rep();
        e.caseId = a.caseId();
        e.planId = plan.id;
        e.planVersion = plan.version;
        e.rule = line != null ? line.rule() : a.ruleNames().get(key);
        e.ruleVersion = line != null ? run.ruleVersion(key.ruleIndex()) : null;
        e.ruleIndex = key.ruleIndex();
        e.amount = difference;
        e.currency = plan.currency;
        e.state = plan.holdback && !released ? EntryState.HELD : EntryState.ACCRUED;
        e.closedOn = a.closedOn();
        e.recalculationId = id;
        e.explanation = "Plan \"" + plan.name + "\" version " + plan.version + " recalculated: "
                + (line == null ? "this line no longer pays" : String.join("; ", line.steps())) + "; it was "
                + was.stripTrailingZeros().toPlainString() + " " + plan.currency + ", so "
                + (difference.signum() > 0 ? "+" : "") + difference.toPlainString() + " " + plan.currency;
        e.createdBy = "system:bounty";
        ledger.insertEntry(c, e, "recalculation:" + id + ":" + a.id() + ":" + key.ruleIndex() + ":" + key.rep(),
                accruals.zone());
    }

    /** Names the preview: the draft as saved, the newest entry of the plan, and every rep's amounts. */
    private static String token(BountyPlan draft, long rowVersion, long newestEntry, Recalculation r) {
        StringBuilder text = new StringBuilder(draft.id + "/" + r.fromVersion + "/" + draft.version + "/" + rowVersion
                + "/" + r.accruals + "/" + newestEntry);
        for (Recalculation.RepChange rep : r.reps) {
            text.append('|').append(rep.rep).append(':').append(rep.current.stripTrailingZeros().toPlainString())
                    .append(':').append(rep.proposed.stripTrailingZeros().toPlainString());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
