package dev.winback.detect;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a component's background jobs one at a time on a daemon thread of its own: detection runs are bounded by the
 * database, and two at once would open cases for the same customers. (Imports share a small pool fairly between
 * users instead: {@link FairJobRunner}.)
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** How long a stop waits for the running job to record that it was interrupted. */
    private static final long STOP_WAIT_SECONDS = 10;

    private final String name;
    private final ExecutorService executor;

    /** @param name the thread's name, e.g. {@code winback-import} */
    public JobRunner(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** @throws RejectedExecutionException the runner is stopped */
    public void execute(Runnable job) {
        executor.execute(job);
    }

    /**
     * Interrupts the running job and waits a while for it to record how it ended (if it cannot, the next start
     * fails it).
     *
     * @return the jobs that never started, as they were given to {@link #execute}
     */
    public List<Runnable> stop() {
        List<Runnable> neverStarted = executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The job on {} is still stopping; it is marked failed on the next start", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return neverStarted;
    }
}
