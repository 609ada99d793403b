package dev.winback.bounty.ledger;

import static dev.winback.bounty.BountyFixture.MANAGER;
import static dev.winback.bounty.BountyFixture.REP1;
import static dev.winback.bounty.BountyFixture.REP2;
import static dev.winback.bounty.BountyFixture.use;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.bounty.BountyFixture;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.PlanStatus;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A plan change previewed per rep, applied only on confirmation of that very preview, as adjusting entries. */
abstract class RecalculationsContract {
    BountyFixture f;
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    BountyPlan plan;

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void start() {
        f = new BountyFixture(newDatabase());
        f.rules.addRule(BountyFixture.percentOfRevenue());
        plan = f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", new BigDecimal("0.1")))), p -> { });
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private RecoveryCase wonBack(String owner, String revenue) {
        Customer customer = f.customer("Customer of " + owner, null, "EUR");
        RecoveryCase c = f.open(customer, LossKind.LOST_DEAL, owner);
        f.purchase(customer, today, "10");
        return f.winBack(c, revenue, owner.equals("rep1") ? REP1 : REP2);
    }

    private void draftWithRate(String rate) {
        BountyPlan v = f.plans.get(plan.id, MANAGER);
        v.rules = new ArrayList<>(List.of(use("percent", Map.of("rate", new BigDecimal(rate)))));
        f.plans.update(plan.id, v, null, MANAGER);
    }

    private long entries() {
        return f.database.count("SELECT COUNT(*) FROM bounty_entries");
    }

    @Test
    void thePreviewShowsEachRepsDifferenceAndWritesNothing() throws Exception {
        wonBack("rep1", "1000.00");
        wonBack("rep2", "500.00");
        f.pump();
        draftWithRate("0.12");
        long before = entries();

        Recalculation r = f.recalculations.preview(plan.id, MANAGER);
        assertEquals(2, r.accruals);
        assertEquals(2, r.draftVersion);
        // rep1: 0.1 × 1000 = 100 → 0.12 × 1000 = 120; rep2: 50 → 60
        assertEquals(List.of("rep1", "rep2"), r.reps.stream().map(x -> x.rep).toList());
        assertEquals(0, new BigDecimal("20").compareTo(r.reps.get(0).difference));
        assertEquals(0, new BigDecimal("100").compareTo(r.reps.get(0).current));
        assertEquals(0, new BigDecimal("120").compareTo(r.reps.get(0).proposed));
        assertEquals(0, new BigDecimal("10").compareTo(r.reps.get(1).difference));
        assertEquals(0, new BigDecimal("30").compareTo(r.totalDifference));
        assertEquals(before, entries());
        assertEquals(PlanStatus.DRAFT, f.plans.get(plan.id, MANAGER).status);
        assertThrows(AccessDeniedException.class, () -> f.recalculations.preview(plan.id, REP1));
    }

    @Test
    void confirmingThePreviewPublishesTheDraftAndWritesTheDifferencesWhichExplainThemselves() throws Exception {
        RecoveryCase c1 = wonBack("rep1", "1000.00");
        wonBack("rep2", "500.00");
        f.pump();
        draftWithRate("0.12");
        Recalculation preview = f.recalculations.preview(plan.id, MANAGER);

        assertThrows(ConflictException.class, () -> f.recalculations.apply(plan.id, "not-the-token", MANAGER));
        Recalculation applied = f.recalculations.apply(plan.id, preview.token, MANAGER);
        assertEquals(2, applied.entriesWritten);
        assertEquals(PlanStatus.PUBLISHED, f.plans.get(plan.id, MANAGER).status);
        assertEquals(2, f.plans.get(plan.id, MANAGER).version);

        List<BountyEntry> rep1 = f.ledger.find(null, null, null, c1.id, 0, 10, MANAGER).items;
        BountyEntry difference = rep1.stream().filter(e -> e.kind == EntryKind.RECALCULATION).findFirst()
                .orElseThrow();
        assertEquals(0, new BigDecimal("20.00").compareTo(difference.amount));
        assertEquals(2, difference.planVersion);
        assertEquals(applied.recalculationId, difference.recalculationId);
        assertEquals(EntryState.HELD, difference.state, "held like the line it adjusts");
        Explanation x = f.ledger.explain(difference.id, MANAGER);
        assertTrue(x.matches, x.note);
        // the win-backs moved to version 2; their events delivered again find them there and write nothing
        long accruals = f.database.count("SELECT COUNT(*) FROM bounty_accruals");
        long written = entries();
        f.replayFrom(0);
        assertEquals(accruals, f.database.count("SELECT COUNT(*) FROM bounty_accruals"));
        assertEquals(written, entries());
        assertEquals(2, f.database.count("SELECT COUNT(*) FROM bounty_accruals WHERE plan_version = 2"));

        // Nothing left to recalculate: no draft; and the same recalculation run again would change nothing.
        assertThrows(ConflictException.class, () -> f.recalculations.preview(plan.id, MANAGER));
        draftWithRate("0.12");
        Recalculation again = f.recalculations.preview(plan.id, MANAGER);
        assertEquals(0, again.totalDifference.signum());
        assertEquals(0, f.recalculations.apply(plan.id, again.token, MANAGER).entriesWritten);
    }

    @Test
    void aPreviewOverTakenByANewWinBackIsRefusedAndAClawedBackOneIsLeftOut() throws Exception {
        wonBack("rep1", "1000.00");
        f.pump();
        draftWithRate("0.2");
        Recalculation stale = f.recalculations.preview(plan.id, MANAGER);
        Customer lost = f.customer("Lost again", null, "EUR");
        RecoveryCase c = f.open(lost, LossKind.LOST_DEAL, "rep2");
        f.purchase(lost, today, "10");
        f.winBack(c, "300", REP2);
        f.pump();

        // a win-back since the preview: the preview no longer says what would be written
        long before = entries();
        assertThrows(ConflictException.class, () -> f.recalculations.apply(plan.id, stale.token, MANAGER));
        assertEquals(before, entries());
        assertEquals(PlanStatus.DRAFT, f.plans.get(plan.id, MANAGER).status);

        // that customer is lost again: the clawed-back win-back is left out of the recalculation
        f.open(lost, LossKind.LAPSED, "rep2");
        f.pump();
        Recalculation fresh = f.recalculations.preview(plan.id, MANAGER);
        assertEquals(1, fresh.accruals, "the clawed-back win-back is not recalculated");
        assertEquals(fresh.token, f.recalculations.apply(plan.id, fresh.token, MANAGER).token);
    }

    @Test
    void aRecalculationLeavesAdjustmentsAloneAndRefusesADraftThatChangesWhatThePlanCovers() throws Exception {
        RecoveryCase c = wonBack("rep1", "1000.00");
        f.pump();
        BountyEntry line = f.ledger.find(null, null, null, c.id, 0, 10, MANAGER).items.get(0);
        f.ledger.dispute(line.id, "too little", REP1);
        f.ledger.resolve(line.id, "ADJUST", new BigDecimal("20"), "agreed", MANAGER);

        draftWithRate("0.1");
        Recalculation same = f.recalculations.preview(plan.id, MANAGER);
        assertEquals(0, same.totalDifference.signum(), "the manager's adjustment is not undone");
        assertEquals(0, f.recalculations.apply(plan.id, same.token, MANAGER).entriesWritten);

        BountyPlan wider = f.plans.get(plan.id, MANAGER);
        wider.validFrom = wider.validFrom.minusYears(1);
        f.plans.update(plan.id, wider, null, MANAGER);
        dev.winback.api.UnprocessableException e = assertThrows(dev.winback.api.UnprocessableException.class,
                () -> f.recalculations.preview(plan.id, MANAGER));
        assertTrue(e.getMessage().contains("validFrom"), e.getMessage());
        BountyPlan dollars = f.plans.get(plan.id, MANAGER);
        dollars.currency = "USD";
        assertThrows(dev.winback.api.UnprocessableException.class, () -> f.plans.update(plan.id, dollars, null,
                MANAGER));
    }

    @Test
    void aWinBackWaitingForARuleMovesToTheNewVersionAndIsCalculatedByIt() throws Exception {
        BountyRule fee = BountyFixture.finderFee();
        f.rules.addRule(fee);
        BountyPlan withFee = f.plans.get(plan.id, MANAGER);
        withFee.rules = new ArrayList<>(List.of(use("percent", Map.of("rate", new BigDecimal("0.1"))),
                use("finder-fee", Map.of())));
        f.plans.update(plan.id, withFee, null, MANAGER);
        f.recalculations.apply(plan.id, f.recalculations.preview(plan.id, MANAGER).token, MANAGER);
        f.rules.removeRule(fee);
        RecoveryCase c = wonBack("rep1", "1000.00");
        f.pump();
        assertEquals(List.of(), f.ledger.find(null, null, null, c.id, 0, 10, MANAGER).items, "waits for finder-fee");

        // version 3 drops the fee and raises the rate; the waiting win-back moves to it and is calculated by it
        draftWithRate("0.3");
        Recalculation r = f.recalculations.preview(plan.id, MANAGER);
        f.recalculations.apply(plan.id, r.token, MANAGER);
        f.accruals.processWaiting();
        List<BountyEntry> entries = f.ledger.find(null, null, null, c.id, 0, 10, MANAGER).items;
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(3, entries.get(0).planVersion);
        assertEquals(0, new BigDecimal("300.00").compareTo(entries.get(0).amount));
        assertTrue(f.ledger.explain(entries.get(0).id, MANAGER).matches);
    }

    @Test
    void aRuleThatFailsOnAFrozenWinBackRefusesThePreviewWithTheReason() throws Exception {
        wonBack("rep1", "1000.00");
        f.pump();
        f.rules.addRule(BountyFixture.rule("explode", "1.0", (calc, params) -> {
            throw new IllegalStateException("boom");
        }));
        BountyPlan v = f.plans.get(plan.id, MANAGER);
        v.rules = new ArrayList<>(List.of(use("explode", Map.of())));
        f.plans.update(plan.id, v, null, MANAGER);
        dev.winback.api.UnprocessableException e = assertThrows(dev.winback.api.UnprocessableException.class,
                () -> f.recalculations.preview(plan.id, MANAGER));
        assertTrue(e.getMessage().contains("explode failed: boom"), e.getMessage());
    }
}
