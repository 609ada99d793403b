package dev.winback.detect.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.store.ImportJobStore;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.detect.Configs;
import dev.winback.detect.StoreFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Giving up silent nodes, on the real stores (embedded H2): whose jobs fail, whose stay, and that a job which moves
 * on while a node is given up keeps its outcome.
 */
class NodeWatchTest {
    private static final NodeWatch.Timing TIMING = new NodeWatch.Timing(Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    private StoreFixture stores;
    private NodeHeartbeats heartbeats;

    @BeforeEach
    void start() {
        stores = new StoreFixture();
        heartbeats = new NodeHeartbeats(new ModuleDatabase(stores.dataSource, Clock.systemUTC()));
    }

    private NodeWatch watch(String node, ImportJobStore imports) {
        heartbeats.started(node);
        return new NodeWatch(heartbeats, imports, stores.runs, TIMING, Clock.systemUTC(), node);
    }

    /** The node's last beat, {@code ago} before now (the database runs in this JVM, on its clock). */
    private void lastBeat(String node, Duration ago) throws SQLException {
        try (Connection c = stores.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE node_heartbeats SET beat_at = ? WHERE node = ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(Instant.now().minus(ago), ZoneOffset.UTC));
            ps.setString(2, node);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private ImportJob job(String node, ImportStatus status) {
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID();
        job.status = status;
        job.fileName = "purchases.csv";
        job.submittedBy = "manager";
        job.submittedAt = Instant.now();
        job.node = node;
        job.attempts = 1;
        job.errors = List.of();
        stores.jobs.insert(job);
        return job;
    }

    private DetectionRun run(String node) {
        DetectionRun run = new DetectionRun();
        run.id = UUID.randomUUID();
        run.status = DetectionStatus.RUNNING;
        run.requestedBy = "manager";
        run.node = node;
        run.attempts = 1;
        run.startedAt = Instant.now();
        run.probabilityAliveThreshold = 0.3;
        run.rules = List.of();
        stores.runs.insert(run);
        return run;
    }

    private ImportJob stored(ImportJob job) {
        return stores.jobs.find(job.id).orElseThrow();
    }

    @Test
    void aSilentNodeIsGivenUpAndOnlyItsUnfinishedJobsAndRunsFail() throws SQLException {
        heartbeats.started("node-a");
        ImportJob running = job("node-a", ImportStatus.RUNNING);
        ImportJob queued = job("node-a", ImportStatus.QUEUED);
        ImportJob completed = job("node-a", ImportStatus.COMPLETED);
        DetectionRun detecting = run("node-a");
        NodeWatch b = watch("node-b", stores.jobs);
        ImportJob own = job("node-b", ImportStatus.RUNNING);
        lastBeat("node-a", Duration.ofSeconds(61));

        assertEquals(3, b.tick());

        for (ImportJob job : List.of(running, queued)) {
            ImportJob failed = stored(job);
            assertEquals(ImportStatus.FAILED, failed.status);
            assertTrue(failed.failure.startsWith("node node-a stopped answering (no heartbeat since "),
                    failed.failure);
            assertTrue(failed.failure.contains("timeout 60 s); node node-b gave it up; nothing of this import was "
                    + "stored: retry it"), failed.failure);
            assertTrue(failed.finishedAt != null);
        }
        DetectionRun run = stores.runs.find(detecting.id).orElseThrow();
        assertEquals(DetectionStatus.FAILED, run.status);
        assertTrue(run.failure.startsWith("node node-a stopped answering"), run.failure);
        assertEquals(ImportStatus.COMPLETED, stored(completed).status);
        assertNull(stored(completed).failure);
        assertEquals(ImportStatus.RUNNING, stored(own).status, "the watcher's own job goes on");
        assertEquals(0, b.tick(), "nothing is failed twice");
    }

    @Test
    void aNodeThatBeatWithinTheTimeoutAndTheWatcherItselfAreLeftAlone() throws SQLException {
        heartbeats.started("node-a");
        ImportJob running = job("node-a", ImportStatus.RUNNING);
        NodeWatch b = watch("node-b", stores.jobs);
        ImportJob own = job("node-b", ImportStatus.RUNNING);
        lastBeat("node-a", Duration.ofSeconds(45));
        // The watcher's own row, however old, never counts: a node that is looking is alive.
        lastBeat("node-b", Duration.ofMinutes(10));

        assertEquals(0, b.tick());

        assertEquals(ImportStatus.RUNNING, stored(running).status);
        assertEquals(ImportStatus.RUNNING, stored(own).status);
    }

    @Test
    void aJobThatFinishesWhileItsNodeIsGivenUpKeepsItsOutcome() throws SQLException {
        heartbeats.started("node-a");
        ImportJob slow = job("node-a", ImportStatus.RUNNING);
        ImportJob other = job("node-a", ImportStatus.RUNNING);
        // The slow node completes its job just after the watcher read it as RUNNING.
        ImportJobStore racing = intercepting(stores.jobs, "unfinished", listed -> {
            ImportJob done = stored(slow);
            done.status = ImportStatus.COMPLETED;
            done.finishedAt = Instant.now();
            stores.jobs.updateAttempt(done, ImportStatus.RUNNING);
        });
        NodeWatch b = watch("node-b", racing);
        lastBeat("node-a", Duration.ofMinutes(5));

        assertEquals(1, b.tick(), "only the job still RUNNING is failed");

        assertEquals(ImportStatus.COMPLETED, stored(slow).status);
        assertNull(stored(slow).failure);
        assertEquals(ImportStatus.FAILED, stored(other).status);
    }

    @Test
    void twoLiveNodesFailEachJobOnceAndOneOfThemGivesTheNodeUp() throws SQLException {
        heartbeats.started("node-a");
        List<ImportJob> jobs = List.of(job("node-a", ImportStatus.RUNNING), job("node-a", ImportStatus.QUEUED));
        NodeWatch b = watch("node-b", stores.jobs);
        NodeWatch c = watch("node-c", stores.jobs);
        lastBeat("node-a", Duration.ofMinutes(2));
        Instant lastBeat = heartbeats.silent("node-b", TIMING.timeout()).get(0).lastBeat();

        assertEquals(2, b.tick() + c.tick());

        jobs.forEach(j -> assertEquals(ImportStatus.FAILED, stored(j).status));
        assertTrue(stored(jobs.get(0)).failure.contains("node node-b gave it up"), "the first to get there");
        assertTrue(!heartbeats.giveUp("node-a", lastBeat, "node-c"), "given up once per silence");
    }

    @Test
    void aGivenUpNodeLearnsItAtItsNextBeatAndIsNotGivenUpAgainOnceItBeats() throws SQLException {
        heartbeats.started("node-a");
        NodeWatch b = watch("node-b", stores.jobs);
        lastBeat("node-a", Duration.ofMinutes(2));
        b.tick();

        Optional<NodeHeartbeats.GivenUp> news = heartbeats.beat("node-a");

        assertEquals("node-b", news.orElseThrow().by());
        assertTrue(news.get().at() != null);
        assertEquals(Optional.empty(), heartbeats.beat("node-a"), "told once");
        ImportJob fresh = job("node-a", ImportStatus.RUNNING);
        assertEquals(0, b.tick());
        assertEquals(ImportStatus.RUNNING, stored(fresh).status, "a node that beats again keeps its new jobs");
        assertEquals(List.of(), heartbeats.silent("node-b", TIMING.timeout()));
    }

    @Test
    void aTimeoutShorterThanTwoHeartbeatsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeWatch.Timing.of(
                Configs.of(NodeWatch.Config.class, Map.of("heartbeatSeconds", 10, "nodeTimeoutSeconds", 15))));
        assertTrue(e.getMessage().contains("at least twice heartbeatSeconds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeWatch.Timing.of(
                Configs.of(NodeWatch.Config.class, Map.of("heartbeatSeconds", 0))));
        NodeWatch.Timing defaults = NodeWatch.Timing.of(Configs.defaults(NodeWatch.Config.class));
        assertEquals(TIMING, defaults);
    }

    /** The store, with {@code after} run on the result of each call of {@code method}. */
    private static ImportJobStore intercepting(ImportJobStore store, String method,
            java.util.function.Consumer<Object> after) {
        return (ImportJobStore) Proxy.newProxyInstance(ImportJobStore.class.getClassLoader(),
                new Class<?>[] {ImportJobStore.class}, (self, m, args) -> {
                    try {
                        Object result = m.invoke(store, args);
                        if (m.getName().equals(method)) {
                            after.accept(result);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
