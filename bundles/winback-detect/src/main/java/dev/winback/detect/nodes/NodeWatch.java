package dev.winback.detect.nodes;

import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.store.AttemptLost;
import dev.winback.api.store.DetectionRunStore;
import dev.winback.api.store.ImportJobStore;
import dev.winback.api.store.ModuleDatabase;
import dev.winback.api.store.ModuleSchema;
import dev.winback.detect.NodeIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * Keeps the nodes sharing one database honest about each other. This node writes its heartbeat every
 * {@code heartbeatSeconds}; after each beat it looks for nodes whose last beat is older than {@code nodeTimeoutSeconds}
 * and gives them up: their QUEUED and RUNNING imports and detection runs, which nobody else would end until that node
 * restarts, are failed with a reason that names it, so that they can be retried on a node that answers.
 *
 * <p>Each job is failed only if it is still in the state and attempt that was read ({@code updateAttempt}), so a
 * slow node that finishes its job at that moment keeps its outcome, and several live nodes fail each job once. A
 * given-up node that turns out to be alive finds its job failed at its next write and stops without publishing
 * ({@link AttemptLost}); its next beat tells it, in its log, who gave it up. A node without a heartbeat row (of a
 * version before heartbeats) is never given up: only its own restart ends its jobs, as before.
 */
@Component(service = NodeWatch.class, immediate = true, configurationPid = NodeWatch.PID)
@Designate(ocd = NodeWatch.Config.class)
public class NodeWatch {
    static final String PID = "dev.winback.detect.nodes";
    private static final Logger LOG = LoggerFactory.getLogger(NodeWatch.class);

    @ObjectClassDefinition(name = "Winback nodes",
            description = "How often this node shows it is alive, and how long another node may stay silent before "
                    + "this one fails its unfinished imports and detection runs")
    public @interface Config {
        @AttributeDefinition(name = "Heartbeat (seconds)",
                description = "Time between two heartbeats of this node, and between two looks at the others")
        int heartbeatSeconds() default 10;

        @AttributeDefinition(name = "Node timeout (seconds)",
                description = "A node without a heartbeat for this long is given up: its unfinished imports and "
                        + "detection runs are failed, to be retried elsewhere. At least twice the heartbeat; longer "
                        + "than the longest pause a live node may take (a full garbage collection, a database "
                        + "failover)")
        int nodeTimeoutSeconds() default 60;
    }

    /** The two settings, checked. */
    record Timing(Duration heartbeat, Duration timeout) {
        static Timing of(Config config) {
            if (config.heartbeatSeconds() < 1) {
                throw new IllegalArgumentException("heartbeatSeconds must be at least 1 (got "
                        + config.heartbeatSeconds() + ")");
            }
            if (config.nodeTimeoutSeconds() < 2 * config.heartbeatSeconds()) {
                throw new IllegalArgumentException("nodeTimeoutSeconds must be at least twice heartbeatSeconds (got "
                        + config.nodeTimeoutSeconds() + " and " + config.heartbeatSeconds() + "), or a node that is "
                        + "merely slow to beat is given up");
            }
            return new Timing(Duration.ofSeconds(config.heartbeatSeconds()),
                    Duration.ofSeconds(config.nodeTimeoutSeconds()));
        }
    }

    private final NodeHeartbeats heartbeats;
    private final ImportJobStore imports;
    private final DetectionRunStore runs;
    private final Clock clock;
    private final String node;
    private final ScheduledExecutorService timer;
    private volatile Timing timing;
    private ScheduledFuture<?> schedule;

    @Activate
    public NodeWatch(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=detect)") ModuleSchema detectSchema,
            @Reference ImportJobStore imports, @Reference DetectionRunStore runs, Config config) {
        this(new NodeHeartbeats(new ModuleDatabase(dataSource, Clock.systemUTC())), imports, runs,
                configured(config), Clock.systemUTC(), NodeIdentity.resolve());
        heartbeats.started(node);
        reschedule();
        LOG.info("Node {}: heartbeat every {} s; other nodes are given up after {} s of silence", node,
                timing.heartbeat().toSeconds(), timing.timeout().toSeconds());
    }

    NodeWatch(NodeHeartbeats heartbeats, ImportJobStore imports, DetectionRunStore runs, Timing timing, Clock clock,
            String node) {
        this.heartbeats = heartbeats;
        this.imports = imports;
        this.runs = runs;
        this.timing = timing;
        this.clock = clock;
        this.node = node;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "winback-node-watch");
            t.setDaemon(true);
            return t;
        });
    }

    private static Timing configured(Config config) {
        try {
            return Timing.of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Configuration {} is invalid: {}", PID, e.getMessage());
            throw new IllegalArgumentException("Configuration " + PID + " is invalid: " + e.getMessage(), e);
        }
    }

    @Modified
    void configure(Config config) {
        timing = configured(config);
        reschedule();
    }

    private synchronized void reschedule() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        long period = timing.heartbeat().toMillis();
        schedule = timer.scheduleWithFixedDelay(this::tickQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The database may be away for a moment; the next tick beats again, and a timeout is far longer.
            LOG.warn("Node {}: heartbeat or watch failed: {}", node, e.getMessage(), e);
        }
    }

    /** One beat, then one look at the others; returns the jobs and runs this look failed. */
    int tick() {
        Optional<NodeHeartbeats.GivenUp> givenUp = heartbeats.beat(node);
        givenUp.ifPresent(g -> LOG.warn("Node {} was given up by node {} at {} after missing its heartbeats; its "
                + "unfinished imports and detection runs were failed then (retry them)", node, g.by(), g.at()));
        int failed = 0;
        for (NodeHeartbeats.Silent silent : heartbeats.silent(node, timing.timeout())) {
            failed += giveUp(silent);
        }
        return failed;
    }

    /**
     * Fails the silent node's unfinished jobs and runs; every live node does this at each look, so a job a watcher
     * did not get to (it stopped half-way) is failed by the next, and a job is failed once whoever gets there first.
     */
    private int giveUp(NodeHeartbeats.Silent silent) {
        String dead = silent.node();
        boolean first = heartbeats.giveUp(dead, silent.lastBeat(), node);
        Instant now = clock.instant();
        String reason = "node " + dead + " stopped answering (no heartbeat since " + silent.lastBeat()
                + ", timeout " + timing.timeout().toSeconds() + " s); node " + node + " gave it up";
        int failed = 0;
        for (ImportJob job : imports.unfinished(dead)) {
            ImportStatus seen = job.status;
            job.status = ImportStatus.FAILED;
            job.failure = reason + "; nothing of this import was stored: retry it";
            job.finishedAt = now;
            failed += lost(() -> imports.updateAttempt(job, seen));
        }
        for (DetectionRun run : runs.unfinished(dead)) {
            run.status = DetectionStatus.FAILED;
            run.failure = reason + "; the cases it opened stay open: retry it";
            run.finishedAt = now;
            failed += lost(() -> runs.updateAttempt(run, DetectionStatus.RUNNING));
        }
        if (first || failed > 0) {
            LOG.warn("Node {}: gave up node {} (no heartbeat since {}); failed {} of its unfinished imports and "
                    + "detection runs", node, dead, silent.lastBeat(), failed);
        }
        return failed;
    }

    /** 1 if the conditional write went through, 0 if the job had moved on (finished, or failed by another node). */
    private static int lost(Runnable conditionalWrite) {
        try {
            conditionalWrite.run();
            return 1;
        } catch (AttemptLost moved) {
            LOG.debug("Not failed: {}", moved.getMessage());
            return 0;
        }
    }
}
