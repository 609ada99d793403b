package dev.winback.detect.runs;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.detect.CustomerScore;
import dev.winback.api.detect.DetectionRequest;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionService;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.FittedModel;
import dev.winback.api.dto.Page;
import dev.winback.api.store.CustomerStore;
import dev.winback.api.store.DetectionRunStore;
import dev.winback.api.store.LossReasonStore;
import dev.winback.api.store.PurchaseHistory;
import dev.winback.api.store.PurchaseStore;
import dev.winback.detect.Access;
import dev.winback.detect.FieldProblems;
import dev.winback.detect.JobRunner;
import dev.winback.detect.NodeIdentity;
import dev.winback.detect.model.BgNbdModel;
import dev.winback.detect.model.RepeatBuying;
import dev.winback.detect.model.SecondLifetimeValue;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds lapsed customers and opens LAPSED recovery cases for them, in background runs, one at a time.
 *
 * <p>A run fits the BG/NBD model (Fader, Hardie and Lee 2005) on the purchase history up to its calibration end
 * and flags a customer when their probability of still being active, P(alive), is below the threshold, or when an
 * admin's RFM rule matches them. The model lets customers drop out only right after a repeat purchase, so it gives
 * every <b>one-time buyer P(alive) = 1</b>, however long ago they bought: only a rule can flag them, which is why
 * the default rules hold {@code NO_PURCHASE_IN_DAYS:365}. Flagged customers get a case, the highest second
 * lifetime value first, unless they have an open (or paused) one; a second run therefore opens no second case.
 *
 * <p>Runs go on in this JVM only and carry the node that runs them ({@link NodeIdentity}); on activation this
 * node's runs still RUNNING (and those of no node, from before nodes were recorded) are marked FAILED, while other
 * nodes' runs go on. A FAILED run may be retried with the settings it had.
 */
@Component(service = DetectionService.class, immediate = true, configurationPid = "dev.winback.detect")
@Designate(ocd = LapsedCustomerDetection.Config.class)
public class LapsedCustomerDetection implements DetectionService {
    static final String INTERRUPTED = "interrupted: node restarted: Winback (or its winback-detect feature) stopped "
            + "on the node that ran this; retry it";
    private static final Logger LOG = LoggerFactory.getLogger(LapsedCustomerDetection.class);

    @ObjectClassDefinition(name = "Winback lapsed-customer detection",
            description = "Which customers a detection run flags, and what the cases it opens record")
    public @interface Config {
        @AttributeDefinition(name = "P(alive) threshold",
                description = "Customers whose probability of still being active is below this are flagged "
                        + "(between 0 and 1)")
        double probabilityAliveThreshold() default 0.3;

        @AttributeDefinition(name = "Rules",
                description = "RFM rules that flag customers on their own: NO_PURCHASE_IN_DAYS:<days> or "
                        + "SILENT_FOR_USUAL_GAPS:<multiple>, optionally followed by :<minimum total spend>. "
                        + "The model never flags one-time buyers; a NO_PURCHASE_IN_DAYS rule does")
        String[] rules() default {"NO_PURCHASE_IN_DAYS:365"};

        @AttributeDefinition(name = "Loss reason", description = "Loss reason code of the cases runs open")
        String lossReason() default "other";

        @AttributeDefinition(name = "Horizon (weeks)",
                description = "How far ahead second lifetime values and expected purchases count")
        double horizonWeeks() default 52;

        @AttributeDefinition(name = "Most rules per run",
                description = "RFM rules one run may apply; a request with more is refused with 400")
        int maxRules() default DetectionSettings.DEFAULT_MAX_RULES;
    }

    private final DetectionRunStore runs;
    private final PurchaseStore purchases;
    private final CustomerStore customers;
    private final LossReasonStore lossReasons;
    private final RecoveryCaseService cases;
    private final Clock clock;
    private final String node;
    private final JobRunner runner;
    /** The run going on in this JVM, or null: one at a time, as two would open cases for the same customers. */
    private final AtomicReference<UUID> running = new AtomicReference<>();
    private volatile DetectionSettings settings;

    /** Whether the customer asked not to be contacted; read per flagged customer, not per customer scored. */
    private boolean contactBlocked(UUID customerId) {
        return customers.find(customerId).map(c -> c.contactBlocked != null).orElse(false);
    }

    @Activate
    public LapsedCustomerDetection(@Reference DetectionRunStore runs, @Reference PurchaseStore purchases,
            @Reference CustomerStore customers, @Reference LossReasonStore lossReasons,
            @Reference RecoveryCaseService cases, Config config) {
        this(runs, purchases, customers, lossReasons, cases, configured(config), Clock.systemUTC(),
                NodeIdentity.resolve());
    }

    LapsedCustomerDetection(DetectionRunStore runs, PurchaseStore purchases, CustomerStore customers,
            LossReasonStore lossReasons, RecoveryCaseService cases, DetectionSettings settings, Clock clock,
            String node) {
        this.runs = runs;
        this.purchases = purchases;
        this.customers = customers;
        this.lossReasons = lossReasons;
        this.cases = cases;
        this.settings = settings;
        this.clock = clock;
        this.node = node;
        this.runner = new JobRunner("winback-detection");
        int failed = runs.failUnfinished(node, INTERRUPTED, clock.instant());
        if (failed > 0) {
            LOG.info("Node {}: ended {} detection run(s) left unfinished by a restart", node, failed);
        }
    }

    /** Reads the configuration; a bad entry stops activation with a message that says what to fix. */
    private static DetectionSettings configured(Config config) {
        try {
            return DetectionSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration dev.winback.detect is invalid: {}", e.getMessage());
            throw new IllegalArgumentException("Configuration dev.winback.detect is invalid: " + e.getMessage(), e);
        }
    }

    @Modified
    void configure(Config config) {
        // A running run keeps its plan; new settings apply to the next.
        settings = configured(config);
    }

    @Deactivate
    void stop() {
        // A run queued but not started stays RUNNING in the store; the next activation fails it with the others.
        runner.stop();
    }

    @Override
    public DetectionRun start(DetectionRequest request, Actor actor) {
        Access.requireAdminOrManager(actor, "start detection runs");
        DetectionSettings current = settings;
        DetectionPlan plan = DetectionPlan.of(request, current, LocalDate.now(clock));
        if (lossReasons.find(plan.lossReason()).isEmpty()) {
            throw new UnknownReferenceException("lossReason", "'" + plan.lossReason()
                    + "' is not a loss reason; GET /api/v1/loss-reasons lists the codes");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        claim(id);
        DetectionRun started = newRun(id, now, plan, actor);
        try {
            runs.insert(started);
        } catch (RuntimeException e) {
            running.set(null);
            throw e;
        }
        launch(started, newRun(id, now, plan, actor), plan, actor, current);
        return started;
    }

    @Override
    public DetectionRun retry(UUID id, Actor actor) {
        Access.requireAdminOrManager(actor, "retry detection runs");
        DetectionRun failed = runs.find(id)
                .orElseThrow(() -> new NotFoundException("No detection run has id '" + id + "'"));
        if (!actor.isAdmin() && !actor.name().equals(failed.requestedBy)) {
            throw new AccessDeniedException("Only " + failed.requestedBy + ", who started detection run " + id
                    + ", or an admin may retry it");
        }
        if (failed.status != DetectionStatus.FAILED) {
            throw new ConflictException("Detection run " + id + " is " + failed.status + "; only a FAILED run can "
                    + "be retried");
        }
        DetectionSettings current = settings;
        DetectionPlan plan = new DetectionPlan(failed.calibrationEnd, failed.probabilityAliveThreshold,
                failed.rules == null ? List.of() : List.copyOf(failed.rules), failed.maxCases, failed.lossReason,
                failed.dryRun);
        if (plan.calibrationEnd() == null || plan.lossReason() == null) {
            throw new ConflictException("Detection run " + id + " was stored without its calibration end or loss "
                    + "reason; start a new run");
        }
        if (lossReasons.find(plan.lossReason()).isEmpty()) {
            throw new UnknownReferenceException("lossReason", "'" + plan.lossReason() + "', the loss reason of run "
                    + id + ", no longer exists; start a new run with another");
        }
        claim(id);
        DetectionRun restarted;
        try {
            restarted = runs.restart(id, node, clock.instant()).orElseThrow(() -> new ConflictException(
                    "Detection run " + id + " is no longer FAILED: someone retried it just now"));
        } catch (RuntimeException e) {
            running.set(null);
            throw e;
        }
        LOG.info("Detection run {} retried by {} (attempt {})", id, actor.name(), restarted.attempts);
        DetectionRun own;
        try {
            own = runs.find(id).orElseThrow(() -> new NotFoundException("Detection run " + id + " vanished"));
        } catch (RuntimeException e) {
            running.set(null);
            throw e;
        }
        launch(restarted, own, plan, actor, current);
        return restarted;
    }

    /** Claims this node's single run slot for {@code id}. @throws ConflictException another run is going */
    private void claim(UUID id) {
        if (!running.compareAndSet(null, id)) {
            UUID other = running.get();
            throw new ConflictException("A detection run" + (other == null ? "" : " (" + other + ")")
                    + " is still going; start another when it has finished");
        }
    }

    /**
     * Gives the runner {@code own}, a copy of the stored run that the task changes as it goes (the caller's is sent
     * back to the client); the slot is freed when it ends.
     *
     * @throws ConflictException Winback is stopping (the run is recorded as failed)
     */
    private void launch(DetectionRun stored, DetectionRun own, DetectionPlan plan, Actor actor,
            DetectionSettings current) {
        try {
            runner.execute(() -> {
                try {
                    new DetectionTask(own, plan, actor, current.horizonWeeks(), purchases, runs, cases,
                            this::contactBlocked, clock).run();
                } finally {
                    running.set(null);
                }
            });
        } catch (RejectedExecutionException stopping) {
            running.set(null);
            stored.status = DetectionStatus.FAILED;
            stored.failure = "Winback stopped before the run started; retry it";
            stored.finishedAt = clock.instant();
            runs.update(stored);
            throw new ConflictException("Winback is stopping; retry the run once it is back");
        }
    }

    /** The run as inserted; the task gets its own copy, which it changes as it goes. */
    private DetectionRun newRun(UUID id, Instant startedAt, DetectionPlan plan, Actor actor) {
        DetectionRun run = new DetectionRun();
        run.id = id;
        run.status = DetectionStatus.RUNNING;
        run.requestedBy = actor.name();
        run.node = node;
        run.attempts = 1;
        run.startedAt = startedAt;
        run.calibrationEnd = plan.calibrationEnd();
        run.probabilityAliveThreshold = plan.threshold();
        run.rules = plan.rules();
        run.maxCases = plan.maxCases();
        run.lossReason = plan.lossReason();
        run.dryRun = plan.dryRun();
        return run;
    }

    @Override
    public Optional<DetectionRun> get(UUID id, Actor actor) {
        Access.requireAdminOrManager(actor, "see detection runs");
        return runs.find(id);
    }

    @Override
    public Page<DetectionRun> list(int page, int size, Actor actor) {
        Access.requireAdminOrManager(actor, "see detection runs");
        FieldProblems.checkPage(page, size);
        return runs.list(page, size);
    }

    @Override
    public CustomerScore score(UUID customerId, LocalDate asOf, Actor actor) {
        Access.requireUser(actor);
        if (customerId == null) {
            throw new InvalidInputException("customerId", "is required");
        }
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        if (customers.find(customerId).isEmpty()) {
            throw new NotFoundException("No customer has id " + customerId);
        }
        DetectionRun latest = runs.latestCompleted().filter(r -> r.model != null).orElseThrow(
                () -> new ConflictException("no detection run has completed yet: start one with "
                        + "POST /api/v1/detection/runs or winback:detect"));
        PurchaseHistory history = purchases.history(customerId, day).orElseThrow(
                () -> new NotFoundException("Customer " + customerId + " has no purchase on or before " + day));
        return score(CustomerHistory.of(history, day), latest, settings.horizonWeeks());
    }

    /** Every figure of the customer's score, as of their history's cut-off day. */
    static CustomerScore score(CustomerHistory customer, DetectionRun run, double horizonWeeks) {
        FittedModel fitted = run.model;
        BgNbdModel model = new BgNbdModel(fitted.r, fitted.alpha, fitted.a, fitted.b);
        RepeatBuying history = customer.summary().repeatBuying();
        CustomerScore score = new CustomerScore();
        score.customerId = customer.history().customerId();
        score.asOf = customer.summary().observedUntil();
        score.firstPurchase = customer.summary().firstPurchase();
        score.lastPurchase = customer.summary().lastPurchase();
        score.recencyDays = customer.daysSilent();
        score.frequency = customer.summary().frequency();
        score.monetaryValue = DetectionTask.money(customer.summary().monetaryValue());
        score.totalSpend = customer.totalSpend();
        score.usualGapDays = customer.usualGapDays();
        score.probabilityAlive = model.probabilityAlive(history);
        score.expectedPurchases = model.conditionalExpectedPurchases(history, horizonWeeks);
        score.horizonWeeks = horizonWeeks;
        score.secondLifetimeValue = DetectionTask.money(SecondLifetimeValue.of(model, customer.summary(),
                horizonWeeks));
        score.modelRunId = run.id;
        score.model = fitted;
        return score;
    }
}
