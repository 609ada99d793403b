package dev.winback.bounty.ledger;

import dev.winback.api.Actor;
import dev.winback.api.CustomerService;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.UserDirectory;
import dev.winback.api.bounty.BountyLine;
import dev.winback.api.bounty.BountyPeriod;
import dev.winback.api.bounty.RepTally;
import dev.winback.api.bounty.WinBackFacts;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepStatus;
import dev.winback.bounty.BountyJson;
import dev.winback.bounty.BountySettings;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.JdbcPlanStore;
import dev.winback.bounty.rules.PlanRun;
import dev.winback.bounty.rules.RuleRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what happens to cases and customers into ledger entries. A case closed WON_BACK (with evidence) gets an
 * accrual under every published plan that covers it, with its facts frozen; the accrual is calculated once, as soon
 * as every rule its plan names is installed. The entries are HELD until the customer's first purchase dated after
 * the win-back, and taken back when the customer is lost again within the plan's clawback window: a new LAPSED case,
 * or no purchase at all in it.
 *
 * <p>Every step runs under the accrual's row lock and checks what is already written, so an event delivered twice, a
 * rule installed on two nodes or a sweep racing an event still writes each entry once.
 */
@Component(service = Accruals.class, configurationPid = BountySettings.PID)
public class Accruals {
    private static final Logger LOG = LoggerFactory.getLogger(Accruals.class);
    static final String SYSTEM = "system:bounty";
    private static final Actor READER = new Actor(SYSTEM, Set.of(Actor.ROLE_ADMIN));
    private static final int PURCHASE_PAGE = 100;

    private final JdbcLedger ledger;
    private final JdbcPlanStore plans;
    private final RuleRegistry rules;
    private final CustomerService customers;
    private final RecoveryCaseService cases;
    private final ZoneId zone;
    private final Clock clock;
    private final ExecutorService background;
    private final Consumer<String> onRuleArrival = name -> submit(this::processWaiting);

    /** Tells reps from managers, so a manager who closes or confirms is not paid as the closer. */
    private volatile UserDirectory users;

    @Activate
    public Accruals(@Reference JdbcLedger ledger, @Reference JdbcPlanStore plans, @Reference RuleRegistry rules,
            @Reference CustomerService customers, @Reference RecoveryCaseService cases, BountySettings settings) {
        this(ledger, plans, rules, customers, cases, ZoneId.of(settings.zone()), Clock.systemUTC());
    }

    /** {@code clock} tells the sweep which clawback windows have closed. */
    public Accruals(JdbcLedger ledger, JdbcPlanStore plans, RuleRegistry rules, CustomerService customers,
            RecoveryCaseService cases, ZoneId zone, Clock clock) {
        this.ledger = ledger;
        this.plans = plans;
        this.rules = rules;
        this.customers = customers;
        this.cases = cases;
        this.zone = zone;
        this.clock = clock;
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "winback-bounty-accruals");
            t.setDaemon(true);
            return t;
        });
        rules.onArrival(onRuleArrival);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void bindUsers(UserDirectory directory) {
        users = directory;
    }

    public void unbindUsers(UserDirectory directory) {
        if (users == directory) {
            users = null;
        }
    }

    @Deactivate
    public void close() {
        rules.removeListener(onRuleArrival);
        background.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ZoneId zone() {
        return zone;
    }

    // --------------------------------------------------------------------------------------------------------
    // Win-backs

    /**
     * A case reached a terminal status: when it is WON_BACK with evidence, one accrual per published plan that
     * covers it, each calculated at once if its rules are installed.
     *
     * @return the accruals written now (none when the event was seen before)
     */
    public List<UUID> onCaseClosed(RecoveryCase closed, long eventId) {
        if (closed.status != CaseStatus.WON_BACK) {
            return List.of();
        }
        if (closed.evidence == null) {
            // The casework refuses a WON_BACK without evidence; a case from before that rule earns nothing.
            LOG.warn("Case {} was won back without evidence: no bounty", closed.id);
            return List.of();
        }
        Customer customer = customers.get(closed.customerId, READER).orElseThrow(() -> new IllegalStateException(
                "Customer " + closed.customerId + " of case " + closed.id + " is not there"));
        LocalDate closedOn = LocalDate.ofInstant(closed.closedAt, zone);
        String currency = closed.revenueCurrency != null ? closed.revenueCurrency : customer.currency;
        WinBackFacts facts = null;
        List<UUID> written = new ArrayList<>();
        for (BountyPlan plan : plans.inForce(closed.closedAt, closedOn, currency)) {
            if (!covers(plan, closed, customer)) {
                continue;
            }
            if (facts == null) {
                facts = facts(withSteps(closed), customer, closedOn);
            }
            Accrual a = new Accrual();
            a.id = UUID.randomUUID();
            a.caseId = closed.id;
            a.customerId = closed.customerId;
            a.planId = plan.id;
            a.planVersion = plan.version;
            a.reason = facts.closer == null ? "Nobody to pay: the case was closed by " + closed.closedBy
                    + " and is owned by " + closed.ownerRep + ", neither is a rep, and no rep contacted the customer"
                    : notLost(plan, closed);
            a.status = a.reason == null ? Accrual.Status.WAITING : Accrual.Status.NOT_ELIGIBLE;
            a.waitingFor = a.reason == null ? PlanRun.missing(plan, rules.installed()) : List.of();
            a.closedAt = closed.closedAt;
            a.closedOn = closedOn;
            a.clawbackUntil = closedOn.plusDays(plan.clawbackDays);
            a.createdAt = ledger.now();
            String frozen = BountyJson.write(facts);
            if (ledger.transaction("recording a win-back for bounties", c -> ledger.insertAccrual(c, a, frozen,
                    eventId))) {
                written.add(a.id);
            }
        }
        // Also the ones written by an earlier delivery of this event that crashed before calculating them.
        for (Accrual a : ledger.accruals(Accrual.Status.WAITING, closed.id, 0, 1000)) {
            process(a.id);
        }
        return written;
    }

    /**
     * Calculates a waiting accrual if every rule of its plan is installed: its entries are written, and it is DONE.
     *
     * @return whether entries were written now
     */
    public boolean process(UUID accrualId) {
        Accrual peek = ledger.accrual(accrualId).orElse(null);
        if (peek == null || peek.status != Accrual.Status.WAITING) {
            return false;
        }
        Optional<Purchase> repurchase = peek.releasedAt != null ? Optional.empty()
                : purchaseAfter(peek.customerId, peek.closedOn, frozenPurchaseIds(accrualId))
                        .filter(p -> !p.date.isAfter(peek.clawbackUntil));
        return ledger.transaction("calculating a bounty", c -> {
            // The plan first (as a recalculation does): two win-backs of one plan are calculated one after the other,
            // so a cap or an accelerator counts what the other paid.
            ledger.lockPlan(c, peek.planId);
            Accrual a = ledger.lockAccrual(c, accrualId).orElseThrow();
            if (a.status != Accrual.Status.WAITING) {
                return false;
            }
            // The version as it is under the lock: a recalculation confirmed meanwhile moved the accrual to its own.
            BountyPlan plan = plans.version(c, a.planId, a.planVersion).orElseThrow();
            WinBackFacts facts = BountyJson.read(ledger.facts(c, a.id), WinBackFacts.class);
            if (a.clawedBackAt != null) {
                ledger.markDone(c, a, BountyJson.write(facts), List.of("taken back before it was calculated: "
                        + a.clawbackReason), a.clawbackReason);
                return false;
            }
            var installed = rules.installed();
            List<String> missing = PlanRun.missing(plan, installed);
            if (!missing.isEmpty()) {
                ledger.markWaiting(c, a, missing, null);
                return false;
            }
            facts.tallies = tallies(c, plan, facts);
            PlanRun run;
            try {
                run = PlanRun.run(plan, facts, installed);
            } catch (PlanRun.RuleFailed e) {
                // A broken rule must not lose the accrual: it waits until the rule's bundle is replaced.
                LOG.error("Bounty rule {} failed on accrual {}; it waits for the rule to be reinstalled", e.rule(),
                        a.id, e);
                ledger.markWaiting(c, a, List.of(e.rule()), dev.winback.api.store.ModuleDatabase.clip(e.getMessage(),
                        2000));
                return false;
            }
            boolean released = a.releasedAt != null || repurchase.isPresent();
            if (a.releasedAt == null && repurchase.isPresent()) {
                ledger.markReleased(c, a, repurchase.get().id);
            }
            EntryState state = !plan.holdback ? EntryState.ACCRUED : released ? EntryState.PAYABLE : EntryState.HELD;
            int written = 0;
            for (BountyLine line : run.calculation().lines()) {
                if (line.amount().signum() == 0) {
                    continue;
                }
                String key = "accrual:" + a.id + ":" + line.ruleIndex() + ":" + line.rep();
                if (ledger.lineKeyTaken(c, key)) {
                    continue;
                }
                BountyEntry e = new BountyEntry();
                e.accrualId = a.id;
                e.kind = EntryKind.ACCRUAL;
                e.rep = line.rep();
                e.caseId = a.caseId;
                e.planId = a.planId;
                e.planVersion = a.planVersion;
                e.rule = line.rule();
                e.ruleVersion = run.ruleVersion(line.ruleIndex());
                e.ruleIndex = line.ruleIndex();
                e.amount = line.amount();
                e.currency = run.calculation().currency();
                e.state = state;
                e.closedOn = a.closedOn;
                e.explanation = String.join("; ", line.steps());
                e.createdBy = SYSTEM;
                ledger.insertEntry(c, e, key, zone);
                written++;
            }
            ledger.markDone(c, a, BountyJson.write(facts), run.calculation().steps(), written == 0
                    ? "the plan's rules gave nothing for this win-back" : null);
            return written > 0;
        });
    }

    /** Calculates every waiting accrual whose rules are all there now (a rule arrived, or a sweep). */
    public void processWaiting() {
        for (UUID id : ledger.waitingAccruals()) {
            try {
                process(id);
            } catch (RuntimeException e) {
                LOG.error("Could not calculate bounty accrual {}; it keeps waiting", id, e);
            }
        }
    }

    // --------------------------------------------------------------------------------------------------------
    // Holdback and clawback

    /** A purchase was recorded: it releases the held bounties of its customer if it is dated after their win-back. */
    public void onPurchase(Purchase purchase) {
        if (purchase.amount == null || purchase.amount.signum() <= 0) {
            return;
        }
        for (Accrual a : ledger.awaitingPurchase(purchase.customerId)) {
            // Within the window only: a customer who bought nothing until it closed was lost again, whatever came
            // after (the sweep takes that bounty back).
            if (!purchase.date.isBefore(a.closedOn) && !purchase.date.isAfter(a.clawbackUntil)
                    && !frozenPurchaseIds(a.id).contains(purchase.id)) {
                release(a.id, purchase);
            }
        }
    }

    /**
     * A case opened: a LAPSED one means its customer is lost again, which takes back the bounties of win-backs
     * within their clawback window.
     */
    public void onCaseOpened(RecoveryCase opened) {
        if (opened.lossKind != LossKind.LAPSED || opened.createdAt == null) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(opened.createdAt, zone);
        for (UUID id : ledger.clawbackCandidates(opened.customerId, day, opened.id)) {
            clawBack(id, "the customer was lost again: LAPSED case " + opened.id + " opened on " + day
                    + ", within the clawback window of the win-back");
        }
    }

    /**
     * Looks at every bounty still waiting for the customer's first purchase after the win-back: released when one
     * is on record (imports report purchases in bulk), taken back when the window closed without one.
     */
    public void sweep() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        for (Accrual a : ledger.awaitingPurchase(null)) {
            try {
                Optional<Purchase> bought = purchaseAfter(a.customerId, a.closedOn, frozenPurchaseIds(a.id))
                        .filter(p -> !p.date.isAfter(a.clawbackUntil));
                if (bought.isPresent()) {
                    release(a.id, bought.get());
                } else if (a.clawbackUntil.isBefore(today)) {
                    clawBack(a.id, "no purchase within the clawback window after the win-back (up to "
                            + a.clawbackUntil + ")");
                }
            } catch (RuntimeException e) {
                LOG.error("Could not check held bounty accrual {}", a.id, e);
            }
        }
        processWaiting();
    }

    void release(UUID accrualId, Purchase purchase) {
        ledger.transaction("releasing held bounties", c -> {
            Accrual a = ledger.lockAccrual(c, accrualId).orElseThrow();
            if (a.releasedAt != null || a.clawedBackAt != null) {
                return null;
            }
            ledger.markReleased(c, a, purchase.id);
            for (BountyEntry e : ledger.entriesOf(c, a.id)) {
                if (e.state == EntryState.HELD) {
                    ledger.changeState(c, e, EntryState.PAYABLE, SYSTEM, "the customer paid after the win-back: "
                            + "purchase " + purchase.id + " of " + purchase.date);
                }
            }
            return null;
        });
    }

    /**
     * Takes an accrual's bounties back: every entry not yet reversed gets a reversing entry linked to it. An entry
     * not yet paid is REVERSED with its reversal (they cancel out); a paid one stays PAID and its reversal is
     * ACCRUED, to be approved and deducted by the next payout.
     */
    public void clawBack(UUID accrualId, String reason) {
        ledger.transaction("clawing back bounties", c -> {
            Accrual a = ledger.lockAccrual(c, accrualId).orElseThrow();
            if (a.clawedBackAt != null) {
                return null;
            }
            ledger.markClawedBack(c, a, reason);
            for (BountyEntry e : ledger.entriesOf(c, a.id)) {
                String key = "clawback:" + e.id;
                if (e.kind == EntryKind.CLAWBACK || e.state == EntryState.REVERSED || ledger.lineKeyTaken(c, key)) {
                    continue;
                }
                boolean paid = e.state == EntryState.PAID;
                if (!paid) {
                    ledger.changeState(c, e, EntryState.REVERSED, SYSTEM, "clawed back: " + reason);
                }
                BountyEntry r = BountyEntry.correcting(e, EntryKind.CLAWBACK, e.amount.negate(), paid
                        ? EntryState.ACCRUED : EntryState.REVERSED, "Clawback of entry " + e.id + " ("
                        + e.amount.toPlainString() + " " + e.currency + "): " + reason + (paid ? "; it was paid, so "
                        + "this deduction goes to the next payout" : ""), SYSTEM);
                ledger.insertEntry(c, r, key, zone);
            }
            return null;
        });
    }

    // --------------------------------------------------------------------------------------------------------
    // Facts

    /** Whether the plan's scope takes the case: an empty list takes every value. */
    static boolean covers(BountyPlan plan, RecoveryCase c, Customer customer) {
        if (!plan.scope.lossKinds.isEmpty() && !plan.scope.lossKinds.contains(c.lossKind)) {
            return false;
        }
        if (!plan.scope.segments.isEmpty() && (customer.segment == null || plan.scope.segments.stream()
                .noneMatch(s -> s.equalsIgnoreCase(customer.segment)))) {
            return false;
        }
        return plan.scope.strategies.isEmpty() || plan.scope.strategies.contains(c.strategy);
    }

    /** Why a plan that requires the customer to have been really lost does not pay for the case; null when it does. */
    static String notLost(BountyPlan plan, RecoveryCase c) {
        if (!plan.requireLost) {
            return null;
        }
        switch (c.lossKind) {
            case LOST_DEAL:
            case HOSTILE:
                return null;
            case LAPSED:
                if (c.detection == null || c.detection.probabilityAlive == null) {
                    return "The plan pays only for customers who were really lost, and this LAPSED case was opened "
                            + "without a model score: nothing shows the customer was lost";
                }
                BigDecimal p = BigDecimal.valueOf(c.detection.probabilityAlive);
                if (p.compareTo(plan.lostBelowProbabilityAlive) >= 0) {
                    return "P(alive) was " + p.toPlainString() + " when the case opened, not below the plan's "
                            + plan.lostBelowProbabilityAlive.toPlainString()
                            + ": the customer would probably have bought anyway";
                }
                return null;
            default:
                return "The plan pays only for customers who were really lost, and a " + c.lossKind
                        + " case does not say the customer was";
        }
    }

    /** The case with its steps: an event payload of a case moved in bulk may come without them. */
    private RecoveryCase withSteps(RecoveryCase closed) {
        if (closed.steps != null) {
            return closed;
        }
        return cases.get(closed.id, READER).map(full -> {
            closed.steps = full.steps;
            return closed;
        }).orElse(closed);
    }

    WinBackFacts facts(RecoveryCase c, Customer customer, LocalDate closedOn) {
        WinBackFacts f = new WinBackFacts();
        f.caseId = c.id;
        f.customerId = c.customerId;
        f.lossKind = c.lossKind;
        f.lossReason = c.lossReason;
        f.strategy = c.strategy;
        f.segment = customer.segment;
        f.openedAt = c.createdAt;
        f.closedAt = c.closedAt;
        f.closedOn = closedOn;
        f.ownerRep = c.ownerRep;
        // Bounties are for reps: a manager who closed or confirmed it credits the owner; an owner who is no rep (a
        // manager, "system" for a case detection opened) credits the rep who made the first contact; with none of
        // them a rep, nobody is paid.
        String firstContact = firstContact(c);
        f.closer = isRep(c.closedBy) ? c.closedBy : isRep(c.ownerRep) ? c.ownerRep : firstContact;
        f.finder = firstContact != null ? firstContact : f.closer;
        f.revenue = c.recoveredRevenue == null ? BigDecimal.ZERO : c.recoveredRevenue;
        f.revenueCurrency = c.revenueCurrency != null ? c.revenueCurrency : customer.currency;
        f.evidence = c.evidence.kind.name();
        LocalDate openedOn = LocalDate.ofInstant(c.createdAt, zone);
        for (Purchase p : purchases(c.customerId, openedOn)) {
            if (!p.date.isAfter(closedOn)) {
                f.purchases.add(new WinBackFacts.PurchaseFact(p.id, p.date, p.amount, p.currency));
            }
        }
        f.purchases.sort(Comparator.comparing((WinBackFacts.PurchaseFact p) -> p.date)
                .thenComparing(p -> p.id.toString()));
        if (c.detection != null) {
            f.probabilityAlive = c.detection.probabilityAlive;
            f.secondLifetimeValue = c.detection.secondLifetimeValue;
            f.secondLifetimeValueCurrency = customer.currency;
        }
        return f;
    }

    /** The rep who recorded the first customer-contacting step; null when no rep did. */
    private String firstContact(RecoveryCase c) {
        if (c.steps == null) {
            return null;
        }
        return c.steps.stream()
                .filter(s -> s.status == StepStatus.DONE && s.contactsCustomer && s.outcome != null
                        && s.outcome.recordedAt != null && isRep(s.outcome.recordedBy))
                .min(Comparator.comparing((RecoveryStep s) -> s.outcome.recordedAt))
                .map(s -> s.outcome.recordedBy).orElse(null);
    }

    /** A user who can be paid a bounty: a rep of the login realm (or, without a directory, any real user). */
    private boolean isRep(String user) {
        if (user == null || user.isBlank() || user.startsWith("system")) {
            return false;
        }
        UserDirectory directory = users;
        return directory == null || directory.rolesOf(user).map(r -> r.contains(Actor.ROLE_REP)).orElse(false);
    }

    /** The tallies of the reps the rules may pay (owner, closer, finder), per period kind, frozen with the facts. */
    private Map<String, Map<String, RepTally>> tallies(java.sql.Connection c, BountyPlan plan, WinBackFacts f)
            throws java.sql.SQLException {
        Set<String> reps = new LinkedHashSet<>();
        for (String rep : new String[] {f.ownerRep, f.closer, f.finder}) {
            if (rep != null) {
                reps.add(rep);
            }
        }
        Map<String, Map<String, RepTally>> tallies = new LinkedHashMap<>();
        for (BountyPeriod period : BountyPeriod.values()) {
            Map<String, RepTally> byRep = ledger.tallies(c, plan.id, reps, period.start(f.closedOn),
                    period.end(f.closedOn), f.closedAt, f.caseId);
            for (String rep : reps) {
                byRep.putIfAbsent(rep, new RepTally());
            }
            tallies.put(period.name(), byRep);
        }
        return tallies;
    }

    private Set<UUID> frozenPurchaseIds(UUID accrualId) {
        String json = ledger.transaction("reading bounty facts", c -> ledger.facts(c, accrualId));
        Set<UUID> ids = new HashSet<>();
        BountyJson.read(json, WinBackFacts.class).purchases.forEach(p -> ids.add(p.id));
        return ids;
    }

    /** The customer's purchases dated on or after {@code from}, newest first. */
    private List<Purchase> purchases(UUID customerId, LocalDate from) {
        List<Purchase> found = new ArrayList<>();
        for (int page = 0; ; page++) {
            Page<Purchase> p = customers.purchases(customerId, page, PURCHASE_PAGE, READER);
            for (Purchase purchase : p.items) {
                if (purchase.date.isBefore(from)) {
                    return found;
                }
                found.add(purchase);
            }
            if (p.items.size() < PURCHASE_PAGE) {
                return found;
            }
        }
    }

    /** The customer's first purchase (not a refund) dated on or after {@code from} that is not one of {@code except}. */
    private Optional<Purchase> purchaseAfter(UUID customerId, LocalDate from, Set<UUID> except) {
        return purchases(customerId, from).stream().filter(p -> p.amount != null && p.amount.signum() > 0
                && !except.contains(p.id)).min(Comparator.comparing((Purchase p) -> p.date));
    }

    private void submit(Runnable work) {
        try {
            background.submit(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.error("Bounty work failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down: the next activation or sweep picks the work up.
        }
    }
}
