package dev.winback.bounty;

import dev.winback.api.Actor;
import dev.winback.api.UserDirectory;
import dev.winback.api.bounty.BountyCalculation;
import dev.winback.api.bounty.BountyRule;
import dev.winback.api.bounty.RuleParams;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.event.WinbackEvent;
import dev.winback.bounty.ledger.Accruals;
import dev.winback.bounty.ledger.BountyLedger;
import dev.winback.bounty.ledger.JdbcLedger;
import dev.winback.bounty.ledger.PlanRecalculations;
import dev.winback.bounty.ledger.WinBackSubscriber;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.BountyPlans;
import dev.winback.bounty.plan.JdbcPlanStore;
import dev.winback.bounty.plan.PlanRule;
import dev.winback.bounty.rules.RuleRegistry;
import dev.winback.core.CaseEngine;
import dev.winback.core.CustomerDirectory;
import dev.winback.core.StrategyRegistry;
import dev.winback.core.TeamDirectory;
import dev.winback.store.jdbc.JdbcCaseStore;
import dev.winback.store.jdbc.JdbcCustomerStore;
import dev.winback.store.jdbc.JdbcEventStore;
import dev.winback.store.jdbc.JdbcLossReasonStore;
import dev.winback.store.jdbc.JdbcPurchaseStore;
import dev.winback.store.jdbc.JdbcTeamStore;
import dev.winback.store.jdbc.WinbackDatabase;
import dev.winback.store.jdbc.testing.Configs;
import dev.winback.store.jdbc.testing.MovableClock;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.osgi.framework.BundleContext;

/**
 * The bounty module over the real core services and stores on one scratch database, with the event log pumped into
 * the module's subscriber as the dispatcher would, and a clock the tests move. No strategy is installed, so cases
 * open without steps and close by hand.
 */
public final class BountyFixture implements AutoCloseable {
    public static final Actor ADMIN = new Actor("admin", Set.of(Actor.ROLE_ADMIN));
    public static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));
    public static final Actor REP1 = new Actor("rep1", Set.of(Actor.ROLE_REP));
    public static final Actor REP2 = new Actor("rep2", Set.of(Actor.ROLE_REP));
    private static final Map<String, Set<String>> USERS = Map.of("admin", Set.of(Actor.ROLE_ADMIN), "manager",
            Set.of(Actor.ROLE_MANAGER), "rep1", Set.of(Actor.ROLE_REP), "rep2", Set.of(Actor.ROLE_REP));

    public final ScratchDatabase database;
    public final CustomerDirectory customers;
    public final CaseEngine cases;
    public final RuleRegistry rules = new RuleRegistry();
    public final JdbcPlanStore planStore;
    public final BountyPlans plans;
    public final JdbcLedger ledgerStore;
    public final Accruals accruals;
    public final BountyLedger ledger;
    public final PlanRecalculations recalculations;
    public final WinBackSubscriber subscriber;
    private final JdbcEventStore events;
    private final MovableClock clock = new MovableClock();
    private long position;

    public BountyFixture(ScratchDatabase database) {
        this.database = database;
        WinbackDatabase core = new WinbackDatabase(database.dataSource(), Clock.systemUTC());
        JdbcCaseStore caseStore = new JdbcCaseStore(core);
        JdbcCustomerStore customerStore = new JdbcCustomerStore(core);
        JdbcPurchaseStore purchaseStore = new JdbcPurchaseStore(core);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> null);
        customers = new CustomerDirectory(customerStore, purchaseStore);
        cases = new CaseEngine(caseStore, customerStore, new JdbcLossReasonStore(core), purchaseStore,
                new TeamDirectory(new JdbcTeamStore(core)), new StrategyRegistry(caseStore, context),
                Configs.defaults(CaseEngine.Config.class));
        events = new JdbcEventStore(core);
        planStore = new JdbcPlanStore(database.db(Clock.systemUTC()), database.audit());
        plans = new BountyPlans(planStore, rules);
        ledgerStore = new JdbcLedger(database.db(Clock.systemUTC()), database.audit());
        accruals = new Accruals(ledgerStore, planStore, rules, customers, cases, ZoneOffset.UTC, clock);
        UserDirectory directory = user -> Optional.ofNullable(USERS.get(user));
        accruals.bindUsers(directory);
        ledger = new BountyLedger(ledgerStore, planStore, rules, accruals);
        recalculations = new PlanRecalculations(ledgerStore, planStore, plans, rules, accruals);
        subscriber = new WinBackSubscriber(accruals);
        position = lastEventId();
    }

    /** Hands every event written since the last pump to the subscriber, in log order, as the dispatcher does. */
    public void pump() throws Exception {
        List<WinbackEvent> batch;
        do {
            batch = events.after(position, subscriber.types(), 100);
            for (WinbackEvent e : batch) {
                subscriber.onEvent(e);
                position = e.id;
            }
        } while (!batch.isEmpty());
    }

    /** Hands the events again from {@code from}: a redelivery after a crash. */
    public void replayFrom(long from) throws Exception {
        position = from;
        pump();
    }

    public long lastEventId() {
        return database.count("SELECT COALESCE(MAX(id), 0) FROM event_log");
    }

    /** The sweep runs on a clock this many days ahead. */
    public void daysLater(long days) {
        clock.advance(Duration.ofDays(days));
    }

    // ----------------------------------------------------------------------------------------------------------
    // Domain shortcuts

    public Customer customer(String name, String segment, String currency) {
        Customer c = new Customer();
        c.name = name;
        c.externalId = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-" + UUID.randomUUID();
        c.source = "crm";
        c.segment = segment;
        c.currency = currency;
        c.ownerRep = "rep1";
        return customers.create(c, ADMIN);
    }

    public RecoveryCase open(Customer customer, LossKind kind, String owner) {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customer.id;
        draft.lossKind = kind;
        draft.lossReason = "price";
        draft.ownerRep = owner;
        draft.lostAt = Instant.now().minus(Duration.ofDays(200));
        return cases.open(draft, MANAGER);
    }

    public Purchase purchase(Customer customer, LocalDate date, String amount) {
        Purchase p = new Purchase();
        p.date = date;
        p.amount = new BigDecimal(amount);
        p.transactionId = UUID.randomUUID().toString();
        return customers.recordPurchase(customer.id, p, ADMIN);
    }

    /** Closes the case WON_BACK by {@code actor} with {@code revenue} (a purchase on record is the evidence). */
    public RecoveryCase winBack(RecoveryCase c, String revenue, Actor actor) {
        CaseClosure closure = new CaseClosure();
        closure.status = CaseStatus.WON_BACK;
        closure.revenue = new BigDecimal(revenue);
        return cases.close(c.id, closure, null, actor);
    }

    /** A published plan in EUR valid from a year ago, with the given rules and settings. */
    public BountyPlan publishedPlan(String name, List<PlanRule> ruleList, java.util.function.Consumer<BountyPlan>
            settings) {
        BountyPlan p = new BountyPlan();
        p.name = name;
        p.currency = "EUR";
        p.validFrom = LocalDate.now(ZoneOffset.UTC).minusYears(1);
        p.rules = ruleList;
        settings.accept(p);
        BountyPlan draft = plans.create(p, MANAGER);
        return plans.publish(draft.id, MANAGER);
    }

    public static PlanRule use(String rule, Map<String, Object> params) {
        return new PlanRule(rule, new java.util.LinkedHashMap<>(params));
    }

    /** A rule for the tests: {@code apply} does the arithmetic. */
    public static BountyRule rule(String name, String version, BiConsumer<BountyCalculation, RuleParams> apply) {
        return new BountyRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public String description() {
                return "test rule " + name;
            }

            @Override
            public void checkParams(RuleParams params) {
                params.decimal("rate", BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE);
            }

            @Override
            public void apply(BountyCalculation calculation, RuleParams params) {
                apply.accept(calculation, params);
            }
        };
    }

    /** rate × revenue to the closer. */
    public static BountyRule percentOfRevenue() {
        return rule("percent", "1.0", (calc, params) -> {
            BigDecimal rate = params.decimal("rate");
            calc.add(calc.facts().closer, rate.multiply(calc.facts().revenue), rate.toPlainString() + " × "
                    + calc.facts().revenue.toPlainString() + " revenue");
        });
    }

    /** A fixed 10 to the finder. */
    public static BountyRule finderFee() {
        return rule("finder-fee", "1.0", (calc, params) -> calc.add(calc.facts().finder, BigDecimal.TEN,
                "finder's fee"));
    }

    @Override
    public void close() {
        accruals.close();
        database.close();
    }
}
