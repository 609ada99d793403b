package dev.winback.bounty.ledger;

import static dev.winback.bounty.BountyFixture.MANAGER;
import static dev.winback.bounty.BountyFixture.REP1;
import static dev.winback.bounty.BountyFixture.REP2;
import static dev.winback.bounty.BountyFixture.use;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.bounty.BountyFixture;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Win-backs to ledger entries over the real case engine and stores: what accrues, what is held and released, what
 * is clawed back, what waits for a rule, and that each entry is written once however often its event comes.
 */
abstract class AccrualsContract {
    BountyFixture f;
    BountyRule percent = BountyFixture.percentOfRevenue();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    abstract ScratchDatabase newDatabase();

    @BeforeEach
    void start() {
        f = new BountyFixture(newDatabase());
        f.rules.addRule(percent);
        f.rules.addRule(BountyFixture.finderFee());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private List<BountyEntry> entries(RecoveryCase c) {
        return f.ledger.find(null, null, null, c.id, 0, 100, MANAGER).items;
    }

    /** A lost deal of rep1's customer, won back by rep1 on a purchase of today for 1,000 EUR revenue. */
    private RecoveryCase wonBack(Customer customer) {
        RecoveryCase c = f.open(customer, LossKind.LOST_DEAL, "rep1");
        f.purchase(customer, today, "400.00");
        return f.winBack(c, "1000.00", REP1);
    }

    @Test
    void aWinBackAccruesHeldUntilTheCustomersNextPurchaseThenPayable() throws Exception {
        f.publishedPlan("Q win-back", List.of(use("percent", Map.of("rate", new BigDecimal("0.05")))), p -> { });
        Customer acme = f.customer("Acme", "enterprise", "EUR");
        RecoveryCase c = wonBack(acme);
        f.pump();

        List<BountyEntry> entries = entries(c);
        assertEquals(1, entries.size());
        BountyEntry e = entries.get(0);
        assertEquals("rep1", e.rep);
        assertEquals(0, new BigDecimal("50.00").compareTo(e.amount), e.amount.toPlainString());
        assertEquals("EUR", e.currency);
        assertEquals(EntryState.HELD, e.state);
        assertEquals(EntryKind.ACCRUAL, e.kind);
        assertEquals("percent", e.rule);
        assertEquals("1.0", e.ruleVersion);
        assertTrue(e.explanation.contains("0.05 × 1000.00"), e.explanation);

        // The purchase that proved the win-back does not release it; the next one does.
        f.pump();
        assertEquals(EntryState.HELD, f.ledger.get(e.id, MANAGER).state);
        Purchase next = f.purchase(acme, today, "120.00");
        f.pump();
        BountyEntry released = f.ledger.get(e.id, MANAGER);
        assertEquals(EntryState.PAYABLE, released.state);
        assertEquals(next.id, f.ledgerStore.accrual(e.accrualId).orElseThrow().releasedBy);
    }

    @Test
    void theSameEventDeliveredTwiceWritesNothingTheSecondTime() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> { });
        long before = f.lastEventId();
        RecoveryCase c = wonBack(f.customer("Acme", null, "EUR"));
        f.pump();
        long rows = f.database.count("SELECT COUNT(*) FROM bounty_entries");
        f.replayFrom(before);
        f.replayFrom(before);
        assertEquals(rows, f.database.count("SELECT COUNT(*) FROM bounty_entries"));
        assertEquals(1, f.database.count("SELECT COUNT(*) FROM bounty_accruals WHERE case_id = ?", c.id));
    }

    @Test
    void aPlanWithoutHoldbackAccruesApprovableEntries() throws Exception {
        f.publishedPlan("No holdback", List.of(use("percent", Map.of("rate", 0.1))), p -> p.holdback = false);
        RecoveryCase c = wonBack(f.customer("Acme", null, "EUR"));
        f.pump();
        assertEquals(EntryState.ACCRUED, entries(c).get(0).state);
    }

    @Test
    void onlyPlansWhoseScopeDatesAndCurrencyCoverTheWinBackPay() throws Exception {
        f.publishedPlan("Hostile only", List.of(use("percent", Map.of("rate", 0.1))),
                p -> p.scope = scope(List.of(LossKind.HOSTILE), List.of(), List.of()));
        f.publishedPlan("SMB only", List.of(use("percent", Map.of("rate", 0.1))),
                p -> p.scope = scope(List.of(), List.of("smb"), List.of()));
        f.publishedPlan("Ended", List.of(use("percent", Map.of("rate", 0.1))),
                p -> p.validTo = today.minusDays(1));
        f.publishedPlan("USD", List.of(use("percent", Map.of("rate", 0.1))), p -> p.currency = "USD");
        BountyPlan enterprise = f.publishedPlan("Enterprise lost deals", List.of(use("percent", Map.of("rate",
                0.02))), p -> p.scope = scope(List.of(LossKind.LOST_DEAL), List.of("ENTERPRISE"), List.of()));
        RecoveryCase c = wonBack(f.customer("Acme", "enterprise", "EUR"));
        f.pump();
        List<BountyEntry> entries = entries(c);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(enterprise.id, entries.get(0).planId);
        assertEquals(0, new BigDecimal("20.00").compareTo(entries.get(0).amount));
    }

    @Test
    void aPlanThatRequiresALostCustomerRecordsWhyItDoesNotPay() throws Exception {
        f.publishedPlan("Really lost", List.of(use("percent", Map.of("rate", 0.1))), p -> p.requireLost = true);
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase complaint = f.open(acme, LossKind.COMPLAINT, "rep1");
        f.purchase(acme, today, "50");
        f.winBack(complaint, "100", REP1);
        Customer beta = f.customer("Beta", null, "EUR");
        RecoveryCase lapsed = f.open(beta, LossKind.LAPSED, "rep1");
        f.purchase(beta, today, "50");
        f.winBack(lapsed, "100", REP1);
        Customer gamma = f.customer("Gamma", null, "EUR");
        RecoveryCase hostile = f.open(gamma, LossKind.HOSTILE, "rep1");
        f.purchase(gamma, today, "50");
        f.winBack(hostile, "100", REP1);
        f.pump();

        assertTrue(entries(complaint).isEmpty());
        assertTrue(entries(lapsed).isEmpty());
        assertEquals(1, entries(hostile).size());
        List<Accrual> notEligible = f.ledger.accruals(Accrual.Status.NOT_ELIGIBLE, null, 0, 10, MANAGER);
        assertEquals(2, notEligible.size());
        assertTrue(notEligible.stream().anyMatch(a -> a.caseId.equals(lapsed.id)
                && a.reason.contains("without a model score")), notEligible.toString());
        assertTrue(notEligible.stream().anyMatch(a -> a.caseId.equals(complaint.id)
                && a.reason.contains("COMPLAINT")));
    }

    @Test
    void theFinderAndTheCloserAreWhoContactedAndWhoClosedAndAManagerClosingPaysTheOwner() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1)), use("finder-fee", Map.of())),
                p -> { });
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase c = f.open(acme, LossKind.LOST_DEAL, "rep2");
        f.purchase(acme, today, "10");
        // A manager closes (with a purchase on record): the owner is the closer, and with no contact step, the finder.
        f.winBack(c, "200", MANAGER);
        f.pump();
        List<BountyEntry> entries = entries(c);
        assertEquals(2, entries.size());
        assertTrue(entries.stream().allMatch(e -> e.rep.equals("rep2")), entries.toString());
    }

    @Test
    void aRuleThatIsNotInstalledHoldsTheAccrualWhichIsCalculatedOnceWhenItComesBack() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> { });
        f.rules.removeRule(percent);
        RecoveryCase c = wonBack(f.customer("Acme", null, "EUR"));
        f.pump();
        assertTrue(entries(c).isEmpty());
        Accrual waiting = f.ledger.accruals(Accrual.Status.WAITING, c.id, 0, 10, MANAGER).get(0);
        assertEquals(List.of("percent"), waiting.waitingFor);

        f.rules.addRule(percent);
        // Two nodes (or the arrival and a sweep) both try: one calculates, the other finds it done.
        f.accruals.process(waiting.id);
        f.accruals.process(waiting.id);
        f.accruals.processWaiting();
        assertEquals(1, entries(c).size());
        assertEquals(Accrual.Status.DONE, f.ledgerStore.accrual(waiting.id).orElseThrow().status);
    }

    @Test
    void aNewLapsedCaseWithinTheWindowClawsBackUnpaidEntriesAsReversedPairs() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> p.clawbackDays = 30);
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase c = wonBack(acme);
        f.pump();
        BountyEntry original = entries(c).get(0);

        RecoveryCase again = f.open(acme, LossKind.LAPSED, "rep2");
        f.pump();

        assertEquals(EntryState.REVERSED, f.ledger.get(original.id, MANAGER).state);
        List<BountyEntry> all = entries(c);
        BountyEntry reversal = all.stream().filter(e -> e.kind == EntryKind.CLAWBACK).findFirst().orElseThrow();
        assertEquals(original.id, reversal.refersTo);
        assertEquals(0, original.amount.negate().compareTo(reversal.amount));
        assertEquals(EntryState.REVERSED, reversal.state);
        assertTrue(reversal.explanation.contains(again.id.toString()), reversal.explanation);
        // A second LAPSED case takes nothing more back.
        f.open(f.customer("Other", null, "EUR"), LossKind.LAPSED, "rep1");
        f.pump();
        assertEquals(2, entries(c).size());
    }

    @Test
    void aPaidEntryClawedBackGetsADeductionForTheNextPayout() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> p.holdback = false);
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase c = wonBack(acme);
        f.pump();
        BountyEntry e = entries(c).get(0);
        f.ledger.approve(e.id, MANAGER);
        Payout payout = f.ledger.payout(e.period, MANAGER);
        assertEquals(1, payout.entries);
        assertEquals(EntryState.PAID, f.ledger.get(e.id, MANAGER).state);

        f.open(acme, LossKind.LAPSED, "rep1");
        f.pump();
        assertEquals(EntryState.PAID, f.ledger.get(e.id, MANAGER).state);
        BountyEntry deduction = entries(c).stream().filter(x -> x.kind == EntryKind.CLAWBACK).findFirst()
                .orElseThrow();
        assertEquals(EntryState.ACCRUED, deduction.state);
        assertEquals(0, new BigDecimal("-100.00").compareTo(deduction.amount));
    }

    @Test
    void noPurchaseWithinTheWindowClawsBackAtTheSweepAndAPurchaseReleasesInstead() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> p.clawbackDays = 10);
        Customer quiet = f.customer("Quiet", null, "EUR");
        RecoveryCase c1 = wonBack(quiet);
        Customer buyer = f.customer("Buyer", null, "EUR");
        RecoveryCase c2 = wonBack(buyer);
        f.pump();

        f.daysLater(10);
        f.accruals.sweep();
        assertEquals(EntryState.HELD, entries(c1).get(0).state, "the window is still open on its last day");

        // A purchase the subscriber has not heard of (not pumped, as with an import's bulk) is found by the sweep.
        f.purchase(buyer, today, "75");
        f.daysLater(1);
        f.accruals.sweep();
        assertTrue(entries(c1).stream().anyMatch(e -> e.kind == EntryKind.CLAWBACK));
        assertTrue(entries(c1).stream().allMatch(e -> e.state == EntryState.REVERSED));
        assertEquals(List.of(EntryState.PAYABLE), entries(c2).stream().map(e -> e.state).toList());
    }

    @Test
    void approvalsDisputesResolutionsAndPayoutsFollowTheRules() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> { });
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase c = wonBack(acme);
        f.pump();
        BountyEntry e = entries(c).get(0);

        assertThrows(ConflictException.class, () -> f.ledger.approve(e.id, MANAGER), "held");
        f.purchase(acme, today, "60");
        f.pump();
        assertThrows(AccessDeniedException.class, () -> f.ledger.approve(e.id, REP1), "reps do not approve");
        assertThrows(NotFoundException.class, () -> f.ledger.get(e.id, REP2), "another rep's entry");
        assertThrows(NotFoundException.class, () -> f.ledger.dispute(e.id, "mine!", REP2));
        assertThrows(AccessDeniedException.class, () -> f.ledger.find("rep1", null, null, null, 0, 10, REP2));
        assertEquals(0, f.ledger.find(null, null, null, null, 0, 10, REP2).total);

        BountyEntry disputed = f.ledger.dispute(e.id, "The deal was 1,200 EUR, not 1,000", REP1);
        assertEquals("OPEN", disputed.dispute.status);
        assertThrows(ConflictException.class, () -> f.ledger.approve(e.id, MANAGER), "disputed");
        List<BountyEntry> resolved = f.ledger.resolve(e.id, "ADJUST", new BigDecimal("20.00"),
                "Revenue was 1,200: the second invoice was missed", MANAGER);
        assertEquals("ADJUSTED", resolved.get(0).dispute.status);
        BountyEntry adjustment = resolved.get(1);
        assertEquals(EntryKind.ADJUSTMENT, adjustment.kind);
        assertEquals(e.id, adjustment.refersTo);
        assertEquals(EntryState.ACCRUED, adjustment.state);

        // the manager who wrote the adjustment cannot approve it, and it is approved with the line it corrects
        assertThrows(AccessDeniedException.class, () -> f.ledger.approve(e.id, MANAGER));
        f.ledger.approve(e.id, BountyFixture.ADMIN);
        assertEquals(EntryState.APPROVED, f.ledger.get(adjustment.id, MANAGER).state);
        Payout payout = f.ledger.payout(e.period, MANAGER);
        assertEquals(2, payout.entries);
        assertEquals(0, new BigDecimal("120.00").compareTo(payout.totals.get(0).paid));
        String csv = f.ledger.payrollCsv(e.period, MANAGER);
        assertEquals("period,rep,currency,approved,paid,total,entries\r\n"
                + e.period + ",rep1,EUR,0.00,120.00,120.00,2\r\n", csv);
        assertThrows(dev.winback.api.UnprocessableException.class, () -> f.ledger.payout(e.period, MANAGER),
                "nothing left to pay");

        Statement statement = f.ledger.statement("rep1", e.period, REP1);
        assertEquals(2, statement.entries.size());
        assertEquals(0, new BigDecimal("120.00").compareTo(statement.written.get("EUR").get(EntryState.PAID)));
        assertEquals(0, new BigDecimal("120.00").compareTo(statement.paid.get("EUR")));
        assertThrows(AccessDeniedException.class, () -> f.ledger.statement("rep1", e.period, REP2));
    }

    @Test
    void everyEntryOfAPeriodRecomputesToTheCentFromItsFrozenEvidence() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", new BigDecimal("0.0333"))),
                use("finder-fee", Map.of())), p -> p.clawbackDays = 5);
        Customer first = f.customer("Customer 0", null, "EUR");
        wonBack(first);
        for (int i = 1; i < 4; i++) {
            wonBack(f.customer("Customer " + i, null, "EUR"));
        }
        // The first is lost again: its entries are reversed, and the reversals must recompute too.
        f.open(first, LossKind.LAPSED, "rep1");
        f.pump();
        List<BountyEntry> period = f.ledger.find(null, today.toString().substring(0, 7), null, null, 0, 500,
                MANAGER).items;
        assertTrue(period.size() >= 8, period.toString());
        for (BountyEntry e : period) {
            Explanation x = f.ledger.explain(e.id, MANAGER);
            assertNotNull(x.recomputed, e.toString());
            assertTrue(x.matches, e.id + ": " + x.note);
            assertNull(x.note == null || e.kind != EntryKind.ACCRUAL ? null : x.note);
        }
        // The frozen facts are the case's: who, what, the purchases that proved the win-back.
        Explanation x = f.ledger.explain(period.get(period.size() - 1).id, MANAGER);
        assertEquals("rep1", x.facts.closer);
        assertEquals(1, x.facts.purchases.size());
        assertEquals(0, new BigDecimal("1000.00").compareTo(x.facts.revenue));
    }

    @Test
    void aPurchaseAfterTheWindowReleasesNothingAndTheSweepTakesTheBountyBack() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> p.clawbackDays = 0);
        Customer late = f.customer("Late", null, "EUR");
        RecoveryCase c = wonBack(late);
        f.pump();
        // the window closed with the win-back's day; a purchase dated tomorrow comes after it
        f.purchase(late, today.plusDays(1), "80");
        f.pump();
        assertEquals(List.of(EntryState.HELD), entries(c).stream().map(e -> e.state).toList());
        f.daysLater(1);
        f.accruals.sweep();
        assertTrue(entries(c).stream().anyMatch(e -> e.kind == EntryKind.CLAWBACK), entries(c).toString());
    }

    @Test
    void aWinBackIsPaidByThePlanVersionInForceWhenItClosedHoweverLateItIsHandled() throws Exception {
        BountyPlan v1 = f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> { });
        RecoveryCase c = wonBack(f.customer("Acme", null, "EUR"));
        // version 2 is published before the bounty module hears of the win-back
        BountyPlan next = f.plans.get(v1.id, MANAGER);
        next.rules = new java.util.ArrayList<>(List.of(use("percent", Map.of("rate", 0.5))));
        f.plans.update(v1.id, next, null, MANAGER);
        f.plans.publish(v1.id, MANAGER);
        f.pump();
        BountyEntry e = entries(c).get(0);
        assertEquals(1, e.planVersion);
        assertEquals(0, new BigDecimal("100.00").compareTo(e.amount));
        // and a plan published after the win-back does not pay for it
        f.publishedPlan("Later", List.of(use("percent", Map.of("rate", 0.2))), p -> { });
        f.replayFrom(0);
        assertEquals(1, entries(c).size());
    }

    @Test
    void nobodyIsPaidWhenNeitherTheCloserNorTheOwnerIsARep() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> { });
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase c = f.open(acme, LossKind.LOST_DEAL, "manager");
        f.purchase(acme, today, "10");
        f.winBack(c, "500", MANAGER);
        f.pump();
        assertTrue(entries(c).isEmpty());
        Accrual a = f.ledger.accruals(Accrual.Status.NOT_ELIGIBLE, c.id, 0, 10, MANAGER).get(0);
        assertTrue(a.reason.contains("Nobody to pay"), a.reason);
    }

    @Test
    void aRepsLinesOfAWinBackAreApprovedTogetherAndNoManagerApprovesTheirOwnAdjustment() throws Exception {
        f.rules.addRule(BountyFixture.rule("minus-five", "1.0", (calc, params) -> calc.add(calc.facts().closer,
                new BigDecimal("-5"), "a test cap")));
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1)), use("minus-five", Map.of())),
                p -> p.holdback = false);
        RecoveryCase c = wonBack(f.customer("Acme", null, "EUR"));
        f.pump();
        List<BountyEntry> lines = entries(c);
        assertEquals(2, lines.size());
        BountyEntry positive = lines.stream().filter(e -> e.amount.signum() > 0).findFirst().orElseThrow();
        f.ledger.approve(positive.id, MANAGER);
        assertEquals(List.of(EntryState.APPROVED, EntryState.APPROVED), entries(c).stream().map(e -> e.state)
                .toList(), "the cap's negative line is approved with the line it caps");

        RecoveryCase other = wonBack(f.customer("Beta", null, "EUR"));
        f.pump();
        BountyEntry line = entries(other).stream().filter(e -> e.amount.signum() > 0).findFirst().orElseThrow();
        f.ledger.dispute(line.id, "too little", REP1);
        BountyEntry adjustment = f.ledger.resolve(line.id, "ADJUST", new BigDecimal("3"), "agreed", MANAGER).get(1);
        assertThrows(AccessDeniedException.class, () -> f.ledger.approve(adjustment.id, MANAGER));
        f.ledger.approve(adjustment.id, BountyFixture.ADMIN);
        assertEquals(EntryState.APPROVED, f.ledger.get(adjustment.id, MANAGER).state);
    }

    @Test
    void aDisputeOfAHeldEntryAdjustsHeldAndAClawedBackWinBackIsNotAdjusted() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> { });
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase c = wonBack(acme);
        f.pump();
        BountyEntry held = entries(c).get(0);
        f.ledger.dispute(held.id, "too little", REP1);
        BountyEntry adjustment = f.ledger.resolve(held.id, "ADJUST", new BigDecimal("5"), "ok", MANAGER).get(1);
        assertEquals(EntryState.HELD, adjustment.state, "not paid before the customer has paid");

        Customer beta = f.customer("Beta", null, "EUR");
        RecoveryCase lost = wonBack(beta);
        f.pump();
        BountyEntry e = entries(lost).get(0);
        f.ledger.dispute(e.id, "too little", REP1);
        f.open(beta, LossKind.LAPSED, "rep1");
        f.pump();
        assertThrows(ConflictException.class, () -> f.ledger.resolve(e.id, "ADJUST", BigDecimal.ONE, "x", MANAGER));
        assertEquals("REJECTED", f.ledger.resolve(e.id, "REJECT", null, "clawed back", MANAGER).get(0).dispute
                .status);
    }

    @Test
    void aLaterPayoutPaysWhatWasApprovedAfterItsPeriodAndTheExportSaysSo() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> p.holdback = false);
        RecoveryCase c = wonBack(f.customer("Acme", null, "EUR"));
        f.pump();
        BountyEntry e = entries(c).get(0);
        f.ledger.approve(e.id, MANAGER);
        String next = java.time.YearMonth.parse(e.period).plusMonths(1).toString();
        Payout payout = f.ledger.payout(next, MANAGER);
        assertEquals(1, payout.entries);
        BountyEntry paid = f.ledger.get(e.id, MANAGER);
        assertEquals(next, paid.paidPeriod);
        assertEquals(e.period, paid.period);
        assertTrue(f.ledger.payrollCsv(next, MANAGER).contains(next + ",rep1,EUR,0.00,100.00,100.00,1"));
        Statement paidIn = f.ledger.statement("rep1", next, REP1);
        assertEquals(1, paidIn.entries.size());
        assertEquals(0, new BigDecimal("100.00").compareTo(paidIn.paid.get("EUR")));
        assertTrue(paidIn.written.isEmpty());
        Statement writtenIn = f.ledger.statement("rep1", e.period, REP1);
        assertEquals(0, new BigDecimal("100.00").compareTo(writtenIn.written.get("EUR").get(EntryState.PAID)));
        assertTrue(writtenIn.paid.isEmpty(), "paid in the next period, not in this one");
        // payroll periods close in order: the earlier period is not paid out after the later one
        assertThrows(dev.winback.api.UnprocessableException.class, () -> f.ledger.payout(e.period, MANAGER));
    }

    @Test
    void capsAndAcceleratorsCountOnlyWinBacksThatHappenedEarlierWhateverTheOrderTheyAreCalculatedIn()
            throws Exception {
        // 10 plus 100 per earlier recovery of the closer in the month
        BountyRule counting = BountyFixture.rule("counting", "1.0", (calc, params) -> calc.add(calc.facts().closer,
                BigDecimal.TEN.add(BigDecimal.valueOf(100L * calc.facts().tally(
                dev.winback.api.bounty.BountyPeriod.MONTH, calc.facts().closer).recoveries)), "counted"));
        f.rules.addRule(counting);
        f.publishedPlan("Plan", List.of(use("counting", Map.of())), p -> { });
        RecoveryCase first = wonBack(f.customer("First", null, "EUR"));
        RecoveryCase second = wonBack(f.customer("Second", null, "EUR"));
        // the later win-back is handled first (its event replayed, say): the first is not calculated yet, and once
        // it is, it does not count the second, which happened after it
        f.accruals.onCaseClosed(f.cases.get(second.id, MANAGER).orElseThrow(), 1);
        f.pump();
        assertEquals(0, BigDecimal.TEN.compareTo(entries(second).get(0).amount), entries(second).toString());
        assertEquals(0, BigDecimal.TEN.compareTo(entries(first).get(0).amount), entries(first).toString());

        RecoveryCase third = wonBack(f.customer("Third", null, "EUR"));
        f.pump();
        assertEquals(0, new BigDecimal("210").compareTo(entries(third).get(0).amount), "two earlier recoveries");
    }

    @Test
    void aRepWhoContactedIsPaidWhenNeitherCloserNorOwnerIsARep() throws Exception {
        f.publishedPlan("Plan", List.of(use("percent", Map.of("rate", 0.1))), p -> { });
        Customer acme = f.customer("Acme", null, "EUR");
        RecoveryCase c = f.open(acme, LossKind.LOST_DEAL, "manager");
        f.purchase(acme, today, "10");
        RecoveryCase won = f.winBack(c, "500", MANAGER);
        // the case's steps as a strategy would have them: rep2 made the first contact
        dev.winback.api.dto.RecoveryStep contact = new dev.winback.api.dto.RecoveryStep();
        contact.status = dev.winback.api.dto.StepStatus.DONE;
        contact.contactsCustomer = true;
        contact.outcome = new dev.winback.api.dto.Outcome();
        contact.outcome.recordedBy = "rep2";
        contact.outcome.recordedAt = won.createdAt;
        won.steps = List.of(contact);
        f.accruals.onCaseClosed(won, 1);
        List<BountyEntry> entries = entries(c);
        assertEquals(1, entries.size());
        assertEquals("rep2", entries.get(0).rep);
    }

    static dev.winback.bounty.plan.PlanScope scope(List<LossKind> kinds, List<String> segments,
            List<String> strategies) {
        dev.winback.bounty.plan.PlanScope s = new dev.winback.bounty.plan.PlanScope();
        s.lossKinds = kinds;
        s.segments = segments;
        s.strategies = strategies;
        return s;
    }
}
