package dev.winback.detect.runs;

import dev.winback.api.Actor;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.FittedModel;
import dev.winback.api.dto.DetectionFinding;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.store.AttemptLost;
import dev.winback.api.store.DetectionRunStore;
import dev.winback.api.store.PurchaseStore;
import dev.winback.detect.Failures;
import dev.winback.detect.Throttle;
import dev.winback.detect.model.BgNbdFit;
import dev.winback.detect.model.BgNbdFitter;
import dev.winback.detect.model.BgNbdModel;
import dev.winback.detect.model.SecondLifetimeValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import dev.winback.api.UnprocessableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one detection: fits the BG/NBD on every customer's history up to the calibration end, scores each customer,
 * flags those below the threshold or matching a rule, and opens a LAPSED case for each flagged customer without an
 * open one, the highest second lifetime value first (so a case limit keeps the most valuable).
 *
 * <p>The histories are read twice, each time as one {@code GROUP BY} in the database: once to fit, held only as
 * counts of equal histories, and once to score, keeping only the flagged customers. Memory grows with the flagged
 * customers, not with the base. A case that fails to open fails the run; the cases opened so far stay open, and
 * the next run counts them as already open.
 */
final class DetectionTask implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionTask.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final DetectionRun run;
    private final DetectionPlan plan;
    private final Actor actor;
    private final double horizonWeeks;
    private final PurchaseStore purchases;
    private final DetectionRunStore runs;
    private final RecoveryCaseService cases;
    private final Predicate<UUID> contactBlocked;
    private final Clock clock;
    private String doing = "starting the run";

    DetectionTask(DetectionRun run, DetectionPlan plan, Actor actor, double horizonWeeks, PurchaseStore purchases,
            DetectionRunStore runs, RecoveryCaseService cases, Predicate<UUID> contactBlocked, Clock clock) {
        this.run = run;
        this.plan = plan;
        this.actor = actor;
        this.horizonWeeks = horizonWeeks;
        this.purchases = purchases;
        this.runs = runs;
        this.cases = cases;
        this.contactBlocked = contactBlocked;
        this.clock = clock;
    }

    /** A customer the run flagged, with what the case will record. */
    record Flagged(CustomerHistory customer, double probabilityAlive, double secondLifetimeValue, String reason) {
    }

    /** Highest second lifetime value first; customer id breaks ties, so equal runs open the same cases. */
    static final Comparator<Flagged> MOST_VALUABLE_FIRST = Comparator
            .comparingDouble(Flagged::secondLifetimeValue).reversed()
            .thenComparing(f -> f.customer().history().customerId());

    @Override
    public void run() {
        try {
            BgNbdModel model = fit();
            List<Flagged> flagged = flag(model);
            open(flagged);
            run.status = DetectionStatus.COMPLETED;
            run.finishedAt = clock.instant();
            runs.updateAttempt(run, DetectionStatus.RUNNING);
            LOG.info("Detection run {} completed: {} customers, {} flagged, {} already had a case, {} cases opened{}",
                    run.id, run.customers, run.flagged, run.alreadyOpen, run.casesOpened,
                    run.dryRun ? " (dry run)" : "");
        } catch (AttemptLost e) {
            // Another node failed this run (it took this one for dead) or it was retried: it is theirs now.
            LOG.warn("Detection run {} stopped: attempt {} is no longer this node's: {}", run.id, run.attempts,
                    e.getMessage());
        } catch (RuntimeException | Error e) {
            fail(e);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private BgNbdModel fit() {
        doing = "reading the purchase histories";
        LocalDate end = plan.calibrationEnd();
        RepeatBuyingTally base = new RepeatBuyingTally();
        purchases.histories(end, h -> base.count(CustomerHistory.of(h, end).summary().repeatBuying()));
        run.customers = base.size();
        if (base.isEmpty()) {
            throw new UnfittableHistory("no customer has a purchase on or before " + end + ": import purchase "
                    + "history first (POST /api/v1/imports or winback:import), or choose a later calibration end");
        }
        if (base.repeatPurchases() == 0) {
            throw new UnfittableHistory("none of the " + base.size() + " customers bought on more than one day up "
                    + "to " + end + ", so the model cannot learn how customers stop buying: import a longer "
                    + "history or choose a later calibration end");
        }
        doing = "fitting the model to " + base.size() + " customers";
        BgNbdFit fit = new BgNbdFitter().fit(base);
        run.model = fitted(fit);
        // The model is worth seeing while the cases are opened.
        runs.updateAttempt(run, DetectionStatus.RUNNING);
        BgNbdModel m = fit.model();
        LOG.info("Detection run {}: fitted r={} alpha={} a={} b={} LL={} on {} customers ({} evaluations)", run.id,
                m.r(), m.alpha(), m.a(), m.b(), fit.logLikelihood(), fit.customers(), fit.evaluations());
        return m;
    }

    private static FittedModel fitted(BgNbdFit fit) {
        FittedModel model = new FittedModel();
        model.r = fit.model().r();
        model.alpha = fit.model().alpha();
        model.a = fit.model().a();
        model.b = fit.model().b();
        model.logLikelihood = fit.logLikelihood();
        model.customers = fit.customers();
        return model;
    }

    private List<Flagged> flag(BgNbdModel model) {
        doing = "scoring the customers";
        LocalDate end = plan.calibrationEnd();
        LapseCheck check = new LapseCheck(plan.threshold(), plan.rules());
        List<Flagged> flagged = new ArrayList<>();
        purchases.histories(end, h -> {
            CustomerHistory customer = CustomerHistory.of(h, end);
            double alive = model.probabilityAlive(customer.summary().repeatBuying());
            String reason = check.reason(customer, alive);
            if (reason != null) {
                flagged.add(new Flagged(customer, alive,
                        SecondLifetimeValue.of(model, customer.summary(), horizonWeeks), reason));
            }
        });
        flagged.sort(MOST_VALUABLE_FIRST);
        run.flagged = flagged.size();
        return flagged;
    }

    private void open(List<Flagged> flagged) {
        doing = "opening cases";
        Throttle progress = new Throttle(clock, PROGRESS_INTERVAL);
        for (Flagged f : flagged) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("stopped", new InterruptedException());
            }
            if (f.customer().history().openCase()) {
                run.alreadyOpen++;
                continue;
            }
            // They asked not to be contacted: the right to object outranks any score.
            if (contactBlocked.test(f.customer().history().customerId())) {
                run.contactBlocked++;
                continue;
            }
            if (plan.dryRun() || (plan.maxCases() != null && run.casesOpened >= plan.maxCases())) {
                continue;
            }
            Optional<RecoveryCase> opened;
            try {
                opened = cases.openDetected(draft(f), finding(f), actor);
            } catch (UnprocessableException blockedSinceRead) {
                run.contactBlocked++;
                continue;
            }
            if (opened.isPresent()) {
                run.casesOpened++;
            } else {
                // Opened by someone else since the histories were read.
                run.alreadyOpen++;
            }
            if (progress.due()) {
                runs.updateAttempt(run, DetectionStatus.RUNNING);
            }
        }
    }

    private RecoveryCase draft(Flagged f) {
        RecoveryCase draft = new RecoveryCase();
        draft.customerId = f.customer().history().customerId();
        draft.lossKind = LossKind.LAPSED;
        draft.lossReason = plan.lossReason();
        // Lost when they stopped buying: the last purchase day is all the history says.
        draft.lostAt = f.customer().history().lastPurchase().atStartOfDay(ZoneOffset.UTC).toInstant();
        draft.notes = f.reason();
        return draft;
    }

    private DetectionFinding finding(Flagged f) {
        DetectionFinding finding = new DetectionFinding();
        finding.runId = run.id;
        finding.probabilityAlive = f.probabilityAlive();
        finding.secondLifetimeValue = money(f.secondLifetimeValue());
        finding.reason = f.reason();
        return finding;
    }

    /** An amount in the purchases' currency, to the cent. */
    static BigDecimal money(double amount) {
        return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
    }

    private void fail(Throwable fault) {
        // The run's end must be recorded whatever stopped it; an interrupt would make the store call fail too.
        boolean interrupted = Thread.interrupted();
        try {
            if (fault instanceof UnfittableHistory) {
                run.failure = "the model cannot be fitted: " + fault.getMessage();
                LOG.warn("Detection run {} failed: {}", run.id, run.failure);
            } else {
                run.failure = Failures.describe(doing, fault) + (Failures.wasInterrupted(fault) || interrupted
                        ? "; start the run again" : "; see the Winback log for details");
                LOG.error("Detection run {} failed while {}", run.id, doing, fault);
            }
            run.status = DetectionStatus.FAILED;
            run.finishedAt = clock.instant();
            try {
                runs.updateAttempt(run, DetectionStatus.RUNNING);
            } catch (AttemptLost e) {
                LOG.warn("Detection run {} failed here, but it was no longer this node's: {}", run.id,
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Cannot record detection run {} as failed (it is failed on the next start)", run.id, e);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The history is not one the BG/NBD can be fitted to; the message says why and what to do. */
    static final class UnfittableHistory extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnfittableHistory(String message) {
            super(message);
        }
    }
}
