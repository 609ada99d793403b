package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.store.AttemptLost;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.FittedModel;
import dev.winback.api.detect.RfmRule;
import dev.winback.api.dto.Page;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class DetectionRunStoreContract extends DatabaseTestBase {
    static final Instant STARTED = Instant.parse("2026-04-01T06:00:00.654321Z");

    private JdbcDetectionRunStore runs;

    DetectionRunStoreContract(Engine engine) {
        super(engine);
    }

    @BeforeEach
    void createStore() {
        runs = new JdbcDetectionRunStore(db);
    }

    @Test
    void aRunningRunReadsBackWithItsRulesInOrderAndNoModel() {
        DetectionRun run = run(DetectionStatus.RUNNING, STARTED);

        runs.insert(run);

        DetectionRun found = runs.find(run.id).orElseThrow();
        assertEquals(Json.tree(run), Json.tree(found));
        assertNull(found.model);
        assertEquals(3, found.rules.size());
    }

    @Test
    void updateStoresTheModelCountsAndEnd() {
        DetectionRun run = run(DetectionStatus.RUNNING, STARTED);
        runs.insert(run);
        completed(run, STARTED.plusSeconds(90));
        run.failure = "not really";

        runs.update(run);

        DetectionRun found = runs.find(run.id).orElseThrow();
        assertEquals(Json.tree(run), Json.tree(found));
        assertEquals(0.243, found.model.r);
        assertEquals(-9582.429, found.model.logLikelihood);
        assertEquals(2357, found.model.customers);
    }

    @Test
    void updateOverwritesOnlyTheOutcome() {
        DetectionRun run = run(DetectionStatus.RUNNING, STARTED);
        runs.insert(run);
        DetectionRun other = run(DetectionStatus.FAILED, STARTED.plusSeconds(3600));
        other.id = run.id;
        other.requestedBy = "mallory";
        other.rules = List.of();
        other.lossReason = "other";
        other.finishedAt = STARTED.plusSeconds(5);
        other.failure = "Too little history to fit the model";

        runs.update(other);

        DetectionRun found = runs.find(run.id).orElseThrow();
        assertEquals(DetectionStatus.FAILED, found.status);
        assertEquals("Too little history to fit the model", found.failure);
        assertEquals(other.finishedAt, found.finishedAt);
        assertEquals("carol", found.requestedBy);
        assertEquals(STARTED, found.startedAt);
        assertEquals("price", found.lossReason);
        assertEquals(3, found.rules.size());
    }

    @Test
    void aRunWithoutOptionalFieldsOrRulesReadsBackEmpty() {
        DetectionRun run = run(DetectionStatus.RUNNING, STARTED);
        run.rules = null;
        run.maxCases = null;
        run.calibrationEnd = null;
        run.lossReason = null;

        runs.insert(run);

        DetectionRun found = runs.find(run.id).orElseThrow();
        assertEquals(List.of(), found.rules);
        assertNull(found.maxCases);
        assertNull(found.calibrationEnd);
        assertNull(found.lossReason);
    }

    @Test
    void updateOfAnUnknownRunIsNotFound() {
        assertThrows(NotFoundException.class, () -> runs.update(run(DetectionStatus.COMPLETED, STARTED)));
        assertTrue(runs.find(UUID.randomUUID()).isEmpty());
    }

    @Test
    void listIsNewestFirstInPagesWithTheRules() {
        List<DetectionRun> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DetectionRun run = run(DetectionStatus.COMPLETED, STARTED.plusSeconds(60L * i));
            run.rules = List.of(RfmRule.noPurchaseInDays(100 + i));
            runs.insert(run);
            newestFirst.add(0, run);
        }

        List<DetectionRun> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Page<DetectionRun> result = runs.list(page, 2);
            assertEquals(5, result.total);
            seen.addAll(result.items);
        }

        assertEquals(ids(newestFirst), ids(seen));
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(Json.tree(newestFirst.get(i).rules), Json.tree(seen.get(i).rules));
        }
        assertEquals(5, runs.list(0, 0).total);
    }

    @Test
    void theLatestCompletedRunIsTheOneThatFinishedLastDryRunsIncluded() {
        assertTrue(runs.latestCompleted().isEmpty());
        DetectionRun early = completed(run(DetectionStatus.RUNNING, STARTED), STARTED.plusSeconds(600));
        DetectionRun dry = completed(run(DetectionStatus.RUNNING, STARTED.plusSeconds(10)),
                STARTED.plusSeconds(900));
        dry.dryRun = true;
        DetectionRun quick = completed(run(DetectionStatus.RUNNING, STARTED.plusSeconds(20)),
                STARTED.plusSeconds(700));
        DetectionRun failed = run(DetectionStatus.FAILED, STARTED.plusSeconds(30));
        failed.finishedAt = STARTED.plusSeconds(1000);
        DetectionRun running = run(DetectionStatus.RUNNING, STARTED.plusSeconds(40));
        for (DetectionRun run : List.of(early, dry, quick, failed, running)) {
            runs.insert(run);
        }

        DetectionRun latest = runs.latestCompleted().orElseThrow();

        assertEquals(dry.id, latest.id);
        assertEquals(Json.tree(dry), Json.tree(latest));
    }

    @Test
    void failUnfinishedFailsRunningRunsOnly() {
        DetectionRun running = run(DetectionStatus.RUNNING, STARTED);
        DetectionRun done = completed(run(DetectionStatus.RUNNING, STARTED), STARTED.plusSeconds(5));
        runs.insert(running);
        runs.insert(done);
        Instant now = Instant.parse("2026-04-02T00:00:00Z");

        assertEquals(1, runs.failUnfinished("Winback restarted", now));

        DetectionRun failed = runs.find(running.id).orElseThrow();
        assertEquals(DetectionStatus.FAILED, failed.status);
        assertEquals("Winback restarted", failed.failure);
        assertEquals(now, failed.finishedAt);
        assertEquals(DetectionStatus.COMPLETED, runs.find(done.id).orElseThrow().status);
        assertEquals(0, runs.failUnfinished("again", now));
    }

    @Test
    void aNodeFailsItsOwnAndNodelessRunsOnly() {
        DetectionRun mine = run(DetectionStatus.RUNNING, STARTED);
        DetectionRun legacy = run(DetectionStatus.RUNNING, STARTED);
        legacy.node = null;
        DetectionRun theirs = run(DetectionStatus.RUNNING, STARTED);
        theirs.node = "node-b";
        for (DetectionRun run : List.of(mine, legacy, theirs)) {
            runs.insert(run);
        }
        Instant now = Instant.parse("2026-04-02T00:00:00Z");

        assertEquals(2, runs.failUnfinished("node-a", "interrupted: node restarted", now));

        assertEquals(DetectionStatus.FAILED, runs.find(mine.id).orElseThrow().status);
        assertEquals("interrupted: node restarted", runs.find(legacy.id).orElseThrow().failure);
        assertEquals(DetectionStatus.RUNNING, runs.find(theirs.id).orElseThrow().status);
        assertEquals(0, runs.failUnfinished("node-a", "again", now));
    }

    @Test
    void aFailedRunStartsAgainOnceWithItsSettingsAndWithoutItsOutcome() {
        DetectionRun run = completed(run(DetectionStatus.RUNNING, STARTED), STARTED.plusSeconds(5));
        run.status = DetectionStatus.FAILED;
        run.failure = "interrupted: node restarted";
        runs.insert(run);
        Instant again = STARTED.plusSeconds(60);

        DetectionRun restarted = runs.restart(run.id, "node-b", again).orElseThrow();

        assertEquals(DetectionStatus.RUNNING, restarted.status);
        assertEquals("node-b", restarted.node);
        assertEquals(2, restarted.attempts);
        assertEquals(again, restarted.startedAt);
        assertNull(restarted.finishedAt);
        assertNull(restarted.model);
        assertNull(restarted.failure);
        assertEquals(0, restarted.customers + restarted.flagged + restarted.alreadyOpen + restarted.casesOpened
                + restarted.contactBlocked);
        assertEquals(Json.tree(run.rules), Json.tree(restarted.rules));
        assertEquals(run.maxCases, restarted.maxCases);
        assertEquals(run.calibrationEnd, restarted.calibrationEnd);
        assertEquals(Json.tree(restarted), Json.tree(runs.find(run.id).orElseThrow()));

        assertTrue(runs.restart(run.id, "node-c", again).isEmpty(), "a run that is not FAILED does not restart");
        assertTrue(runs.restart(UUID.randomUUID(), "node-c", again).isEmpty());
    }

    @Test
    void aConditionalUpdateWritesOnlyWhileTheRunIsStillInTheAttemptSeen() {
        DetectionRun run = run(DetectionStatus.RUNNING, STARTED);
        runs.insert(run);
        DetectionRun progress = runs.find(run.id).orElseThrow();
        progress.customers = 100;

        runs.updateAttempt(progress, DetectionStatus.RUNNING);
        assertEquals(100, runs.find(run.id).orElseThrow().customers);

        // Another node gives this one up: the run is FAILED under its task.
        DetectionRun givenUp = runs.find(run.id).orElseThrow();
        givenUp.status = DetectionStatus.FAILED;
        givenUp.failure = "node node-a stopped answering";
        givenUp.finishedAt = STARTED.plusSeconds(90);
        runs.updateAttempt(givenUp, DetectionStatus.RUNNING);

        DetectionRun late = completed(runs.find(run.id).orElseThrow(), STARTED.plusSeconds(95));
        late.attempts = 1;
        AttemptLost lost = assertThrows(AttemptLost.class, () -> runs.updateAttempt(late, DetectionStatus.RUNNING));
        assertEquals(run.id, lost.jobId());
        assertTrue(lost.getMessage().contains("FAILED"), lost.getMessage());
        assertEquals(Json.tree(givenUp.failure), Json.tree(runs.find(run.id).orElseThrow().failure));
        assertEquals(DetectionStatus.FAILED, runs.find(run.id).orElseThrow().status, "the late task wrote nothing");

        // Retried: the old attempt stays locked out even though the run is RUNNING again.
        runs.restart(run.id, "node-b", STARTED.plusSeconds(120)).orElseThrow();
        assertThrows(AttemptLost.class, () -> runs.updateAttempt(late, DetectionStatus.RUNNING));
        DetectionRun unknown = run(DetectionStatus.RUNNING, STARTED);
        assertThrows(AttemptLost.class, () -> runs.updateAttempt(unknown, DetectionStatus.RUNNING));
    }

    @Test
    void aNodesUnfinishedRunsAreItsRunningOnesOldestFirst() {
        DetectionRun later = run(DetectionStatus.RUNNING, STARTED.plusSeconds(10));
        DetectionRun earlier = run(DetectionStatus.RUNNING, STARTED);
        DetectionRun done = completed(run(DetectionStatus.RUNNING, STARTED), STARTED.plusSeconds(5));
        DetectionRun theirs = run(DetectionStatus.RUNNING, STARTED);
        theirs.node = "node-b";
        for (DetectionRun r : List.of(later, earlier, done, theirs)) {
            runs.insert(r);
        }

        assertEquals(List.of(earlier.id, later.id), ids(runs.unfinished("node-a")));
        assertEquals(List.of(theirs.id), ids(runs.unfinished("node-b")));
        assertEquals(List.of(), runs.unfinished("node-c"));
    }

    /** Every field set; rules of both kinds, with and without a spend floor. */
    static DetectionRun run(DetectionStatus status, Instant startedAt) {
        DetectionRun run = new DetectionRun();
        run.id = UUID.randomUUID();
        run.status = status;
        run.requestedBy = "carol";
        run.node = "node-a";
        run.attempts = 1;
        run.startedAt = startedAt;
        run.calibrationEnd = LocalDate.parse("2026-03-31");
        run.probabilityAliveThreshold = 0.3;
        RfmRule silent = RfmRule.silentForUsualGaps(2.5);
        silent.minTotalSpend = new BigDecimal("500.0000");
        run.rules = List.of(RfmRule.noPurchaseInDays(365), silent, RfmRule.noPurchaseInDays(90));
        run.maxCases = 250;
        run.lossReason = "price";
        return run;
    }

    static DetectionRun completed(DetectionRun run, Instant finishedAt) {
        FittedModel model = new FittedModel();
        model.r = 0.243;
        model.alpha = 4.414;
        model.a = 0.793;
        model.b = 2.426;
        model.logLikelihood = -9582.429;
        model.customers = 2357;
        run.model = model;
        run.status = DetectionStatus.COMPLETED;
        run.finishedAt = finishedAt;
        run.customers = 2357;
        run.flagged = 412;
        run.alreadyOpen = 37;
        run.casesOpened = 250;
        return run;
    }

    private static List<UUID> ids(List<DetectionRun> list) {
        return list.stream().map(r -> r.id).collect(Collectors.toList());
    }
}
