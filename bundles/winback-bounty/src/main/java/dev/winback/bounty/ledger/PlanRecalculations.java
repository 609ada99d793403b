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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
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
        return ledger.transaction("previewing a bounty plan recalculation", c -> run(c, planId, null, null));
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
            store.lockLatest(c, planId).orElseThrow(() -> new NotFoundException("No bounty plan " + planId));
            Recalculation check = run(c, planId, null, null);
            if (!check.token.equals(token)) {
                throw new ConflictException("The draft or the ledger changed since that preview; preview the "
                        + "recalculation again and confirm the new one");
            }
            UUID id = UUID.randomUUID();
            BountyPlan published = store.publish(c, planId, actor.name(), plans::checkPublishable);
            Recalculation done = run(c, planId, published, id);
            done.recalculationId = id;
            done.appliedAt = ledger.now();
            done.token = token;
            return done;
        });
    }

    /**
     * Runs every calculated accrual of the plan through its draft. With {@code write} set (the draft, just
     * published), each changed line is written as an entry of recalculation {@code id}.
     */
    private Recalculation run(Connection c, UUID planId, BountyPlan write, UUID id) throws SQLException {
        BountyPlan draft = write != null ? write : store.lockLatest(c, planId).orElseThrow(() ->
                new NotFoundException("No bounty plan " + planId));
        if (write == null && draft.status != PlanStatus.DRAFT) {
            throw new ConflictException("Bounty plan " + planId + " has no draft: save the change first (PUT "
                    + "/bounty-plans/" + planId + "), then preview what it would change");
        }
        if (write == null) {
            plans.checkPublishable(draft);
        }
        Map<String, BountyRule> installed = rules.installed();
        Recalculation r = new Recalculation();
        r.planId = planId;
        r.draftVersion = draft.version;
        r.currency = draft.currency;
        Map<String, Recalculation.RepChange> byRep = new TreeMap<>();
        int[] written = {0};
        SQLException[] failure = {null};
        ledger.calculatedAccruals(c, planId, a -> {
            r.accruals++;
            WinBackFacts facts = BountyJson.read(a.facts(), WinBackFacts.class);
            PlanRun run = PlanRun.run(draft, facts, installed);
            Map<JdbcLedger.LineKey, BountyLine> proposed = new LinkedHashMap<>();
            for (BountyLine line : run.calculation().lines()) {
                proposed.put(new JdbcLedger.LineKey(line.rep(), line.ruleIndex()), line);
            }
            Set<JdbcLedger.LineKey> keys = new LinkedHashSet<>(a.current().keySet());
            keys.addAll(proposed.keySet());
            boolean changed = false;
            for (JdbcLedger.LineKey key : keys) {
                BigDecimal now = a.current().getOrDefault(key, BigDecimal.ZERO);
                BountyLine line = proposed.get(key);
                BigDecimal then = line == null ? BigDecimal.ZERO : line.amount();
                Recalculation.RepChange rep = byRep.computeIfAbsent(key.rep(), k -> {
                    Recalculation.RepChange x = new Recalculation.RepChange();
                    x.rep = k;
                    return x;
                });
                rep.current = rep.current.add(now);
                rep.proposed = rep.proposed.add(then);
                BigDecimal difference = then.subtract(now);
                if (difference.signum() == 0) {
                    continue;
                }
                changed = true;
                rep.changedLines++;
                r.changedLines++;
                if (write != null && failure[0] == null) {
                    try {
                        write(c, write, id, a, key, line, now, difference, run);
                        written[0]++;
                    } catch (SQLException e) {
                        failure[0] = e;
                    }
                }
            }
            if (changed) {
                r.changedAccruals++;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        for (Recalculation.RepChange rep : byRep.values()) {
            rep.difference = rep.proposed.subtract(rep.current);
            r.totalDifference = r.totalDifference.add(rep.difference);
            r.reps.add(rep);
        }
        r.token = token(draft, JdbcPlanStore.rowVersion(c, planId, draft.version), r);
        if (write != null) {
            r.entriesWritten = written[0];
        }
        return r;
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

    /** Names the preview: the draft as saved, and every rep's amounts. */
    private static String token(BountyPlan draft, long rowVersion, Recalculation r) {
        StringBuilder text = new StringBuilder(draft.id + "/" + draft.version + "/" + rowVersion + "/" + r.accruals
                + "/" + r.changedLines);
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
