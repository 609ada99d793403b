package dev.winback.reputation;

import dev.winback.api.Actor;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.dto.StepType;
import dev.winback.api.event.EventSubscriber;
import dev.winback.api.strategy.Reaction;
import dev.winback.api.strategy.RecoveryStrategy;
import dev.winback.api.strategy.StepPlan;
import dev.winback.api.strategy.StrategyDescription;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleDatabase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.framework.BundleContext;

/**
 * The real core services and stores on one scratch database (H2 or PostgreSQL) with the reputation schema, a clock
 * the tests move, and the event log pumped into the module's subscribers as the dispatcher would. No strategy is
 * installed, so cases open without steps and close by hand. Each area's test builds its own components on
 * {@link #db}, {@link #audit}, {@link #customers} and {@link #cases}.
 */
public final class ReputationFixture implements AutoCloseable {
    public static final Actor ADMIN = new Actor("admin", Set.of(Actor.ROLE_ADMIN));
    public static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));
    public static final Actor REP1 = new Actor("rep1", Set.of(Actor.ROLE_REP));
    public static final Actor REP2 = new Actor("rep2", Set.of(Actor.ROLE_REP));

    public final ScratchDatabase database;
    public final MovableClock clock = new MovableClock();
    /** The module's database, on the moving clock. */
    public final ModuleDatabase db;
    public final AuditTrail audit;
    public final CustomerDirectory customers;
    public final CaseEngine cases;
    private final JdbcEventStore events;
    private final StrategyRegistry strategies;
    private final List<EventSubscriber> subscribers = new ArrayList<>();
    private final Map<EventSubscriber, Long> positions = new java.util.HashMap<>();

    public ReputationFixture(ScratchDatabase database) {
        this.database = database;
        WinbackDatabase core = new WinbackDatabase(database.dataSource(), Clock.systemUTC());
        JdbcCaseStore caseStore = new JdbcCaseStore(core);
        JdbcCustomerStore customerStore = new JdbcCustomerStore(core);
        JdbcPurchaseStore purchaseStore = new JdbcPurchaseStore(core);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> null);
        customers = new CustomerDirectory(customerStore, purchaseStore);
        strategies = new StrategyRegistry(caseStore, context);
        cases = new CaseEngine(caseStore, customerStore, new JdbcLossReasonStore(core), purchaseStore,
                new TeamDirectory(new JdbcTeamStore(core)), strategies,
                Configs.defaults(CaseEngine.Config.class));
        events = new JdbcEventStore(core);
        db = database.db(clock);
        audit = database.audit();
    }

    /**
     * Installs {@code complaint-call}, a strategy for COMPLAINT cases whose plan is one call to the customer and then
     * the owner's decision, as if its bundle had registered it.
     */
    public void installComplaintStrategy() {
        install(new ComplaintCall(), 4242L);
    }

    /**
     * Installs {@code yswd-test}, a strategy for LOST_DEAL cases whose plan is fivestep's last step as fivestep plans
     * it (you-said-we-did, internal, RECORDED), then the owner's decision.
     */
    public void installYouSaidWeDidStrategy() {
        install(new YouSaidWeDidOnly(), 4243L);
    }

    /** Registers the strategy with the engine as if its bundle (with that id) had. */
    private void install(RecoveryStrategy strategy, long bundleId) {
        try {
            java.lang.reflect.Method add = StrategyRegistry.class.getDeclaredMethod("addStrategy",
                    RecoveryStrategy.class, Map.class);
            add.setAccessible(true);
            add.invoke(strategies, strategy, Map.of(RecoveryStrategy.NAME_PROPERTY, strategy.name(),
                    org.osgi.framework.Constants.SERVICE_BUNDLEID, bundleId));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fivestep's step 5 alone. */
    static final class YouSaidWeDidOnly implements RecoveryStrategy {
        static final String NAME = "yswd-test";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public StrategyDescription describe() {
            StrategyDescription d = new StrategyDescription();
            d.name = NAME;
            d.title = "You said, we did";
            d.summary = "Record what the customer taught us";
            d.lossKinds = List.of(LossKind.LOST_DEAL);
            d.contactsCustomer = false;
            return d;
        }

        @Override
        public boolean appliesTo(RecoveryCase recoveryCase) {
            return recoveryCase.lossKind == LossKind.LOST_DEAL;
        }

        @Override
        public List<StepPlan> plan(RecoveryCase recoveryCase) {
            StepPlan step = new StepPlan("you-said-we-did", StepType.FOLLOW_UP, Duration.ofDays(14),
                    List.of("RECORDED"), "Record each \"You said, we did\"");
            step.contactsCustomer = false;
            return List.of(step);
        }

        @Override
        public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
            return Reaction.then(StepPlan.decision("decide", Duration.ofDays(7), "Decide"));
        }
    }

    /** One call to the customer, then the owner decides. */
    static final class ComplaintCall implements RecoveryStrategy {
        static final String NAME = "complaint-call";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public StrategyDescription describe() {
            StrategyDescription d = new StrategyDescription();
            d.name = NAME;
            d.title = "Call back";
            d.summary = "Call the customer about their complaint";
            d.lossKinds = List.of(LossKind.COMPLAINT);
            return d;
        }

        @Override
        public boolean appliesTo(RecoveryCase recoveryCase) {
            return recoveryCase.lossKind == LossKind.COMPLAINT;
        }

        @Override
        public List<StepPlan> plan(RecoveryCase recoveryCase) {
            return List.of(new StepPlan("call-back", StepType.CALL, Duration.ofHours(24), List.of("DONE"),
                    "Call the customer"));
        }

        @Override
        public Reaction onOutcome(RecoveryCase recoveryCase, RecoveryStep completed, Outcome outcome) {
            return Reaction.then(StepPlan.decision("decide", Duration.ofDays(7), "Decide"));
        }
    }

    /** Completes the case's first planned step with {@code outcome}. */
    public RecoveryCase completeFirstStep(RecoveryCase c, String outcome) {
        RecoveryCase current = cases.get(c.id, ADMIN).orElseThrow();
        RecoveryStep step = current.steps.stream().filter(s -> s.status == dev.winback.api.dto.StepStatus.PLANNED)
                .findFirst().orElseThrow();
        return cases.completeStep(c.id, step.id, outcome, "called", ADMIN);
    }

    /** The settings with some attributes changed (by method name), the others at their defaults. */
    public static ReputationSettings settings(Map<String, ?> changed) {
        return Configs.with(ReputationSettings.class, changed);
    }

    /** From now on, {@link #pump()} hands {@code subscriber} the events written after this call. */
    public void subscribe(EventSubscriber subscriber) {
        subscribers.add(subscriber);
        positions.put(subscriber, lastEventId());
    }

    /** Hands every event written since the last pump to each subscriber, in log order, as the dispatcher does. */
    public void pump() throws Exception {
        boolean more = true;
        while (more) {
            more = false;
            for (EventSubscriber s : subscribers) {
                List<WinbackEvent> batch = events.after(positions.get(s), s.types(), 100);
                for (WinbackEvent e : batch) {
                    s.onEvent(e);
                    positions.put(s, e.id);
                    more = true;
                }
            }
        }
    }

    /** Hands the events again from {@code from}: a redelivery after a crash. */
    public void replayFrom(EventSubscriber subscriber, long from) throws Exception {
        positions.put(subscriber, from);
        pump();
    }

    /** Every event of {@code type} in the log, oldest first. */
    public List<WinbackEvent> events(String type) {
        return events.after(0, List.of(type), 10_000);
    }

    public long lastEventId() {
        return database.count("SELECT COALESCE(MAX(id), 0) FROM event_log");
    }

    // ----------------------------------------------------------------------------------------------------------
    // Domain shortcuts

    public Customer customer(String name, String segment) {
        Customer c = new Customer();
        c.name = name;
        c.externalId = name.toLowerCase(Locale.ROOT).replace(' ', '-') + "-" + UUID.randomUUID();
        c.source = "crm";
        c.segment = segment;
        c.currency = "EUR";
        c.ownerRep = "rep1";
        return customers.create(c, ADMIN);
    }

    public RecoveryCase open(Customer customer, LossKind kind, String lossReason) {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = customer.id;
        draft.lossKind = kind;
        draft.lossReason = lossReason;
        draft.ownerRep = "rep1";
        draft.lostAt = Instant.now().minus(Duration.ofDays(200));
        return cases.open(draft, MANAGER);
    }

    public RecoveryCase why(RecoveryCase c, String lossReason, String statement) {
        CaseWhy why = new CaseWhy();
        why.statement = statement;
        why.lossReason = lossReason;
        why.fixable = true;
        return cases.recordWhy(c.id, why, MANAGER);
    }

    public Purchase purchase(Customer customer, LocalDate date, String amount) {
        Purchase p = new Purchase();
        p.date = date;
        p.amount = new BigDecimal(amount);
        p.transactionId = UUID.randomUUID().toString();
        return customers.recordPurchase(customer.id, p, ADMIN);
    }

    /** Closes the case WON_BACK (a purchase on record since it opened is the evidence). */
    public RecoveryCase winBack(RecoveryCase c, String revenue) {
        CaseClosure closure = new CaseClosure();
        closure.status = CaseStatus.WON_BACK;
        closure.revenue = new BigDecimal(revenue);
        return cases.close(c.id, closure, null, MANAGER);
    }

    /** Closes the case with a status other than WON_BACK, as a manager. */
    public RecoveryCase giveUp(RecoveryCase c, CaseStatus status) {
        CaseClosure closure = new CaseClosure();
        closure.status = status;
        closure.notes = "given up in a test";
        return cases.close(c.id, closure, null, MANAGER);
    }

    public void block(Customer customer) {
        customers.blockContact(customer.id, "asked us to stop", ADMIN);
    }

    @Override
    public void close() {
        database.close();
    }
}
