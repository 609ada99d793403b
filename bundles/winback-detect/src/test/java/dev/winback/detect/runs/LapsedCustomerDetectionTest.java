package dev.winback.detect.runs;

import static dev.winback.detect.Problems.assertProblem;
import static dev.winback.detect.StoreFixture.ADMIN;
import static dev.winback.detect.StoreFixture.MANAGER;
import static dev.winback.detect.StoreFixture.OUTSIDER;
import static dev.winback.detect.StoreFixture.REP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.detect.CustomerScore;
import dev.winback.api.detect.DetectionRequest;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.RfmRule;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.store.PurchaseHistory;
import dev.winback.detect.Await;
import dev.winback.detect.DelegatingPurchases;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection runs end to end: the CDNOW sample imported through the import service, summed up by the store's
 * {@code GROUP BY}, fitted, scored, and LAPSED cases opened by the real case engine on H2.
 */
class LapsedCustomerDetectionTest {
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    @TempDir
    Path work;

    DetectionFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    DetectionFixture cdnow() {
        fixture = new DetectionFixture(work);
        ImportJob imported = fixture.importCdnow();
        assertEquals(2357, imported.customersCreated);
        return fixture;
    }

    DetectionRun run(Consumer<DetectionRequest> options) {
        DetectionRequest request = new DetectionRequest();
        request.calibrationEnd = CALIBRATION_END;
        options.accept(request);
        DetectionRun started = fixture.detection.start(request, MANAGER);
        assertEquals(DetectionStatus.RUNNING, started.status);
        return finished(started.id);
    }

    DetectionRun finished(UUID id) {
        return Await.until(() -> fixture.stores.runs.find(id), r -> r.status != DetectionStatus.RUNNING,
                "detection run " + id);
    }

    /** Every case in the store, with its finding. */
    List<RecoveryCase> cases() {
        List<RecoveryCase> all = new ArrayList<>();
        CaseQuery query = new CaseQuery();
        query.size = 200;
        for (Page<RecoveryCase> page; !(page = fixture.stores.cases.search(query)).items.isEmpty(); query.page++) {
            page.items.forEach(c -> all.add(fixture.stores.cases.find(c.id).orElseThrow()));
        }
        return all;
    }

    static double round(double value, int digits) {
        return BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP).doubleValue();
    }

    @Test
    void fitsThePapersModelOnTheDatabasesSummariesAndOpensCasesForTheFlaggedOnly() {
        cdnow();
        DetectionRun run = run(r -> { });

        assertEquals(DetectionStatus.COMPLETED, run.status, run.failure);
        assertNull(run.failure);
        // Eight CDNOW customers bought once, for $0.00: the paper counts them, so a purchase day must be any day
        // with a purchase that is not a refund.
        assertEquals(2357, run.customers, "customers with a purchase day by the calibration end");
        // The same digits as the in-memory path (CdnowValidationTest): the GROUP BY agrees with it.
        assertEquals(0.243, round(run.model.r, 3), "r");
        assertEquals(4.414, round(run.model.alpha, 3), "alpha");
        assertEquals(0.793, round(run.model.a, 3), "a");
        assertEquals(2.426, round(run.model.b, 3), "b");
        assertEquals(-9582.4, round(run.model.logLikelihood, 1), "log-likelihood");
        assertEquals(2357, run.model.customers);
        assertEquals("manager", run.requestedBy);
        assertEquals(0.3, run.probabilityAliveThreshold);
        assertEquals("other", run.lossReason);
        assertEquals(1, run.rules.size());
        assertNotNull(run.finishedAt);

        assertTrue(run.flagged > 0);
        assertEquals(run.flagged, run.casesOpened);
        assertEquals(0, run.alreadyOpen);
        List<RecoveryCase> cases = cases();
        assertEquals(run.casesOpened, cases.size(), "a case for every flagged customer and no other");
        for (RecoveryCase c : cases) {
            assertEquals(LossKind.LAPSED, c.lossKind);
            assertEquals("other", c.lossReason);
            assertEquals(run.id, c.detection.runId);
            // Nobody in the cohort is silent for 365 days by the end of September 1997: the model flagged them all.
            assertTrue(c.detection.probabilityAlive < 0.3, c.detection.reason);
            assertTrue(c.detection.reason.matches("P\\(alive\\) \\S+ below 0\\.300"), c.detection.reason);
            assertEquals(c.detection.reason, c.notes);
            assertTrue(c.detection.secondLifetimeValue.stripTrailingZeros().scale() <= 2, "to the cent");
            PurchaseHistory history = fixture.stores.purchases.history(c.customerId, CALIBRATION_END).orElseThrow();
            assertEquals(history.lastPurchase().atStartOfDay(ZoneOffset.UTC).toInstant(), c.lostAt);
            assertTrue(history.purchaseDays() > 1, "one-time buyers are alive to the model");
        }

        DetectionRun again = run(r -> { });
        assertEquals(DetectionStatus.COMPLETED, again.status, again.failure);
        assertEquals(run.flagged, again.flagged);
        assertEquals(0, again.casesOpened, "never a second case for a customer with an open one");
        assertEquals(run.flagged, again.alreadyOpen);
        assertEquals(cases.size(), cases().size());
    }

    @Test
    void customersWhoAskedNotToBeContactedAreSkippedAndCounted() {
        cdnow();
        DetectionRun dry = run(r -> r.dryRun = true);
        List<UUID> blocked = new ArrayList<>();
        // Block three customers the model flags: the first three of a limited real run, which are then closed.
        DetectionRun firstThree = run(r -> r.maxCases = 3);
        for (RecoveryCase c : cases()) {
            blocked.add(c.customerId);
            dev.winback.api.dto.ContactBlock block = new dev.winback.api.dto.ContactBlock();
            block.since = Instant.parse("2026-11-01T00:00:00Z");
            block.reason = "Asked us to stop";
            block.setBy = "admin";
            fixture.stores.customers.setContactBlock(c.customerId, block, block.reason, "admin");
            dev.winback.api.dto.CaseClosure closure = new dev.winback.api.dto.CaseClosure();
            closure.status = dev.winback.api.dto.CaseStatus.CLOSED_NEVER;
            closure.notes = "They asked us to stop";
            fixture.engine.close(c.id, closure, null, MANAGER);
        }
        assertEquals(3, firstThree.casesOpened);

        DetectionRun run = run(r -> { });
        assertEquals(DetectionStatus.COMPLETED, run.status, run.failure);
        assertEquals(dry.flagged, run.flagged);
        assertEquals(3, run.contactBlocked);
        assertEquals(run.flagged - 3, run.casesOpened);
        for (RecoveryCase c : cases()) {
            if (c.detection.runId.equals(run.id)) {
                assertFalse(blocked.contains(c.customerId), "no case for a customer who asked not to be contacted");
            }
        }
        assertEquals(3, fixture.stores.runs.find(run.id).orElseThrow().contactBlocked, "stored with the run");
    }

    @Test
    void aDryRunScoresAndCountsButOpensNothing() {
        cdnow();
        DetectionRun run = run(r -> r.dryRun = true);
        assertEquals(DetectionStatus.COMPLETED, run.status, run.failure);
        assertTrue(run.dryRun);
        assertTrue(run.flagged > 0);
        assertEquals(0, run.casesOpened);
        assertEquals(List.of(), cases());
        assertEquals(run.id, fixture.stores.runs.latestCompleted().orElseThrow().id, "a dry run's model scores");
    }

    @Test
    void aCaseLimitOpensTheMostValuableFirst() {
        cdnow();
        DetectionRun limited = run(r -> r.maxCases = 5);
        assertEquals(5, limited.casesOpened);
        List<RecoveryCase> first = cases();
        assertEquals(5, first.size());
        BigDecimal leastOfFirst = first.stream().map(c -> c.detection.secondLifetimeValue).min(BigDecimal::compareTo)
                .orElseThrow();

        DetectionRun rest = run(r -> { });
        assertEquals(5, rest.alreadyOpen);
        assertEquals(limited.flagged - 5, rest.casesOpened);
        for (RecoveryCase c : cases()) {
            if (c.detection.runId.equals(rest.id)) {
                assertTrue(c.detection.secondLifetimeValue.compareTo(leastOfFirst) <= 0,
                        c.detection.secondLifetimeValue + " was left for later but is worth more than " + leastOfFirst);
            }
        }
    }

    @Test
    void rulesFlagOneTimeBuyersTheModelCallsAlive() {
        cdnow();
        // By mid-1998 the silent buyers of early 1997 pass 365 days; P(alive) flags almost nobody at 1e-9.
        DetectionRun run = run(r -> {
            r.calibrationEnd = LocalDate.of(1998, 6, 30);
            r.probabilityAliveThreshold = 1e-9;
            r.rules = List.of(RfmRule.noPurchaseInDays(365));
        });
        assertEquals(DetectionStatus.COMPLETED, run.status, run.failure);
        List<RecoveryCase> cases = cases();
        assertEquals(run.flagged, cases.size());
        long oneTimeBuyers = 0;
        for (RecoveryCase c : cases) {
            assertTrue(c.detection.reason.matches("(P\\(alive\\) .+; )?no purchase in \\d+ days \\(rule: 365\\)"),
                    c.detection.reason);
            PurchaseHistory history = fixture.stores.purchases.history(c.customerId, LocalDate.of(1998, 6, 30))
                    .orElseThrow();
            if (history.purchaseDays() == 1) {
                assertEquals(1.0, c.detection.probabilityAlive, "the model calls every one-time buyer alive");
                oneTimeBuyers++;
            }
        }
        assertTrue(oneTimeBuyers > 0, "the rule flagged one-time buyers");
    }

    @Test
    void scoresOneCustomerWithTheLatestModel() {
        cdnow();
        UUID first = fixture.stores.customers.findByExternalId("cdnow", "0001").orElseThrow().id;
        ConflictException none = assertThrows(ConflictException.class,
                () -> fixture.detection.score(first, CALIBRATION_END, REP));
        assertEquals("no detection run has completed yet: start one with POST /api/v1/detection/runs or "
                + "winback:detect", none.getMessage());

        DetectionRun run = run(r -> r.dryRun = true);
        CustomerScore score = fixture.detection.score(first, CALIBRATION_END, REP);
        // 0001 bought on 1997-01-01, 01-18 and 08-02 for 29.33, 29.73 and 14.96 up to the calibration end.
        assertEquals(LocalDate.of(1997, 1, 1), score.firstPurchase);
        assertEquals(LocalDate.of(1997, 8, 2), score.lastPurchase);
        assertEquals(59, score.recencyDays);
        assertEquals(2, score.frequency);
        assertEquals(new BigDecimal("24.67"), score.monetaryValue);
        assertEquals(0, new BigDecimal("74.02").compareTo(score.totalSpend));
        assertEquals(106.5, score.usualGapDays);
        assertEquals(run.id, score.modelRunId);
        assertEquals(run.model.r, score.model.r);
        assertEquals(52.0, score.horizonWeeks);
        assertTrue(score.probabilityAlive > 0 && score.probabilityAlive < 1);
        assertTrue(score.expectedPurchases > 0);
        assertEquals(2, score.secondLifetimeValue.scale());

        CustomerScore today = fixture.detection.score(first, null, MANAGER);
        assertEquals(LocalDate.of(2026, 11, 23), today.asOf, "today comes from the injected clock");
        assertTrue(today.frequency >= score.frequency);

        assertThrows(NotFoundException.class, () -> fixture.detection.score(first, LocalDate.of(1996, 12, 31), REP));
        assertThrows(NotFoundException.class, () -> fixture.detection.score(UUID.randomUUID(), null, REP));
        assertThrows(AccessDeniedException.class, () -> fixture.detection.score(first, null, OUTSIDER));
    }

    @Test
    void aHistoryTheModelCannotLearnFromFailsTheRunWithWhatToDo() throws IOException {
        fixture = new DetectionFixture(work);
        DetectionRun empty = run(r -> r.calibrationEnd = null);
        assertEquals(DetectionStatus.FAILED, empty.status);
        assertEquals("the model cannot be fitted: no customer has a purchase on or before 2026-11-23: import "
                + "purchase history first (POST /api/v1/imports or winback:import), or choose a later calibration "
                + "end", empty.failure);

        Path once = Files.writeString(work.resolve("once.csv"),
                "externalId,date,amount\na,2026-01-05,10\nb,2026-02-05,20\nb,2026-02-05,5\nc,2026-03-01,7\n");
        fixture.importFile(new ImportRequest(), once);
        DetectionRun oneTimers = run(r -> r.calibrationEnd = null);
        assertEquals(DetectionStatus.FAILED, oneTimers.status);
        assertEquals(3, oneTimers.customers);
        assertTrue(oneTimers.failure.startsWith("the model cannot be fitted: none of the 3 customers bought on more "
                + "than one day up to 2026-11-23"), oneTimers.failure);
        assertNull(oneTimers.model);
    }

    @Test
    void onlyOneRunAtATime() throws InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fixture = new DetectionFixture(work, real -> new DelegatingPurchases(real) {
            @Override
            public void histories(LocalDate until, Consumer<PurchaseHistory> sink) {
                reading.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        DetectionRun going = fixture.detection.start(null, ADMIN);
        assertTrue(reading.await(30, TimeUnit.SECONDS));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> fixture.detection.start(null, MANAGER));
        assertTrue(conflict.getMessage().contains(going.id.toString()), conflict.getMessage());
        release.countDown();
        assertEquals(DetectionStatus.FAILED, finished(going.id).status, "the wrapped store has no history");
        DetectionRun next = Await.until(() -> {
            try {
                return java.util.Optional.of(fixture.detection.start(null, ADMIN));
            } catch (ConflictException stillGoing) {
                return java.util.Optional.empty();
            }
        }, r -> true, "the next run to be accepted");
        assertEquals(DetectionStatus.RUNNING, next.status);
    }

    @Test
    void startChecksTheRequestTheLossReasonAndTheActor() {
        fixture = new DetectionFixture(work);
        UnknownReferenceException unknown = assertThrows(UnknownReferenceException.class, () -> {
            DetectionRequest request = new DetectionRequest();
            request.lossReason = "moon-phase";
            fixture.detection.start(request, ADMIN);
        });
        assertEquals("lossReason", unknown.problems().get(0).field());
        assertProblem("maxCases", () -> {
            DetectionRequest request = new DetectionRequest();
            request.maxCases = -1;
            fixture.detection.start(request, ADMIN);
        });
        assertThrows(AccessDeniedException.class, () -> fixture.detection.start(null, REP));
        assertThrows(AccessDeniedException.class, () -> fixture.detection.list(0, 10, REP));
        assertThrows(AccessDeniedException.class, () -> fixture.detection.get(UUID.randomUUID(), REP));
        assertProblem("page", () -> fixture.detection.list(-1, 10, MANAGER));
        assertEquals(0, fixture.detection.list(0, 10, MANAGER).total, "nothing was started");
    }

    /** A run as a node left it when it stopped. */
    DetectionRun leftBy(String node, String requestedBy) {
        DetectionRun left = new DetectionRun();
        left.id = UUID.randomUUID();
        left.status = DetectionStatus.RUNNING;
        left.requestedBy = requestedBy;
        left.node = node;
        left.attempts = 1;
        left.startedAt = Instant.parse("2026-11-23T08:00:00Z");
        left.calibrationEnd = LocalDate.of(2026, 11, 1);
        left.probabilityAliveThreshold = 0.3;
        left.rules = List.of(RfmRule.noPurchaseInDays(200));
        left.lossReason = "other";
        left.dryRun = true;
        fixture.stores.runs.insert(left);
        return left;
    }

    @Test
    void aRestartFailsTheRunsThisNodeInterruptedWhichCanBeRetried() throws IOException {
        fixture = new DetectionFixture(work);
        // Six customers who bought again, two of them long ago: enough for the model and a rule.
        StringBuilder csv = new StringBuilder("externalId,date,amount\n");
        String[][] days = {{"a", "2026-01-05", "2026-03-01", "2026-09-20"}, {"b", "2026-02-01", "2026-06-11"},
            {"c", "2025-11-01", "2026-01-10"}, {"d", "2026-03-03", "2026-03-30", "2026-10-01"},
            {"e", "2025-10-01", "2025-12-24"}, {"f", "2026-05-05", "2026-08-08"}};
        for (String[] customer : days) {
            for (int i = 1; i < customer.length; i++) {
                csv.append(customer[0]).append(',').append(customer[i]).append(",10\n");
            }
        }
        fixture.importFile(new ImportRequest(), Files.writeString(work.resolve("repeat.csv"), csv));
        DetectionRun mine = leftBy(DetectionFixture.NODE, "manager");
        DetectionRun theirs = leftBy("node-b", "manager");

        fixture.detection.stop();
        fixture.detection = new LapsedCustomerDetection(fixture.stores.runs, fixture.stores.purchases,
                fixture.stores.customers, fixture.stores.lossReasons, fixture.engine, DetectionFixture.SETTINGS,
                DetectionFixture.CLOCK, DetectionFixture.NODE);

        DetectionRun failed = fixture.detection.get(mine.id, ADMIN).orElseThrow();
        assertEquals(DetectionStatus.FAILED, failed.status);
        assertEquals(LapsedCustomerDetection.INTERRUPTED, failed.failure);
        assertTrue(failed.failure.startsWith("interrupted: node restarted"));
        assertEquals(DetectionStatus.RUNNING, fixture.detection.get(theirs.id, ADMIN).orElseThrow().status,
                "another node's run goes on");
        assertFalse(fixture.stores.runs.latestCompleted().isPresent());

        assertThrows(AccessDeniedException.class, () -> fixture.detection.retry(mine.id,
                new dev.winback.api.Actor("manager2", java.util.Set.of(dev.winback.api.Actor.ROLE_MANAGER))));
        assertThrows(AccessDeniedException.class, () -> fixture.detection.retry(mine.id, REP));
        assertThrows(NotFoundException.class, () -> fixture.detection.retry(UUID.randomUUID(), ADMIN));
        ConflictException running = assertThrows(ConflictException.class,
                () -> fixture.detection.retry(theirs.id, ADMIN));
        assertTrue(running.getMessage().contains("only a FAILED run"), running.getMessage());

        DetectionRun again = fixture.detection.retry(mine.id, MANAGER);
        assertEquals(DetectionStatus.RUNNING, again.status);
        assertEquals(2, again.attempts);
        assertEquals(DetectionFixture.NODE, again.node);
        DetectionRun done = finished(mine.id);
        assertEquals(DetectionStatus.COMPLETED, done.status, done.failure);
        assertEquals(6, done.customers);
        assertNotNull(done.model);
        assertEquals(List.of(RfmRule.noPurchaseInDays(200)).get(0).days, done.rules.get(0).days,
                "with the settings it had");
        assertTrue(done.dryRun);
        assertThrows(ConflictException.class, () -> fixture.detection.retry(mine.id, ADMIN));
    }
}
