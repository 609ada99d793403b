package dev.winback.bounty.ledger;

import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
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
            ledger.calculatedAccruals(c, planId, a -> {
                if (failure[0] != null) {
                    return;
                }
                PlanRun run = PlanRun.run(published, BountyJson.read(a.facts(), WinBackFacts.class), installed);
                Map<JdbcLedger.LineKey, BountyLine> proposed = new LinkedHashMap<>();
                for (BountyLine line : run.calculation().lines()) {
                    proposed.put(new JdbcLedger.LineKey(line.rep(), line.ruleIndex()), line);
                }
                Set<JdbcLedger.LineKey> keys = new LinkedHashSet<>(a.current().keySet());
                keys.addAll(proposed.keySet());
                for (JdbcLedger.LineKey key : keys) {
                    BigDecimal was = a.current().getOrDefault(key, BigDecimal.ZERO);
                    BountyLine line = proposed.get(key);
                    BigDecimal difference = (line == null ? BigDecimal.ZERO : line.amount()).subtract(was);
                    if (difference.signum() != 0) {
                        try {
                            write(c, published, id, a, key, line, was, difference, run);
                            written[0]++;
                        } catch (SQLException e) {
                            failure[0] = e;
                            return;
                        }
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
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
        plans.checkPublishable(draft);
        Map<String, BountyRule> installed = rules.installed();
        Recalculation r = new Recalculation();
        r.planId = planId;
        r.draftVersion = draft.version;
        r.currency = draft.currency;
        Map<String, BigDecimal> proposed = proposedByRep(c, draft, installed, r);
        JdbcLedger.PlanTotals totals = ledger.planTotals(c, planId);
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
        r.token = token(draft, JdbcPlanStore.rowVersion(c, planId, draft.version), totals.newestEntry(), r);
        return r;
    }

    /**
     * The draft's amounts per rep over every calculated win-back of the plan. The facts are read on this thread and
     * run through the rules in batches on {@link #WORKERS} others (rules are pure, so they run side by side), at
     * most a few batches ahead, so a million entries take neither a million objects nor one core.
     */
    private Map<String, BigDecimal> proposedByRep(Connection c, BountyPlan draft, Map<String, BountyRule> installed,
            Recalculation r) throws SQLException {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, task -> {
            Thread t = new Thread(task, "winback-bounty-recalculation");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Map<String, BigDecimal>>> pending = new ArrayDeque<>();
            Map<String, BigDecimal> proposed = new TreeMap<>();
            List<String> batch = new ArrayList<>(BATCH);
            ledger.calculatedFacts(c, draft.id, facts -> {
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
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void write(Connection c, BountyPlan plan, UUID id, JdbcLedger.CalculatedAccrual a,
            JdbcLedger.LineKey key, BountyLine line, BigDecimal was, BigDecimal difference, PlanRun run)
            throws SQLException {
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
        e.state = plan.holdback && !a.released() ? EntryState.HELD : EntryState.ACCRUED;
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
        StringBuilder text = new StringBuilder(draft.id + "/" + draft.version + "/" + rowVersion + "/" + r.accruals
                + "/" + newestEntry);
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
