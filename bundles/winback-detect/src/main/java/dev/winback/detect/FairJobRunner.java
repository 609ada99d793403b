package dev.winback.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs background jobs on a small pool of daemon threads, fairly between their owners: each owner may have a few
 * jobs running and a few waiting, and a free thread takes the next job of the owner who waited longest since their
 * last start, so one owner's long queue never holds back another's single job.
 *
 * <p>Submitting is two steps: {@link #reserve} counts the job against its owner's limit before the caller does the
 * costly part (copying an upload, say), and the reservation is then either {@link Reservation#submit submitted}
 * or {@link Reservation#cancel cancelled}.
 *
 * @param <J> the jobs, which say who they belong to
 */
public final class FairJobRunner<J extends FairJobRunner.Job> {
    private static final Logger LOG = LoggerFactory.getLogger(FairJobRunner.class);
    /** How long a stop waits for the running jobs to record that they were interrupted. */
    private static final long STOP_WAIT_MILLIS = 10_000;

    /** A job and the owner whose limits it counts against. */
    public interface Job extends Runnable {
        String owner();
    }

    /**
     * How many jobs an owner may have running at once, and waiting besides.
     *
     * @param running at least 1
     * @param waiting 0 or more
     */
    public record Limits(int running, int waiting) {
        public Limits {
            if (running < 1 || waiting < 0) {
                throw new IllegalArgumentException("an owner needs at least 1 running job and 0 or more waiting, got "
                        + running + " and " + waiting);
            }
        }
    }

    /** The owner has as many jobs running and waiting as the limits allow. */
    public static final class LimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int running;
        private final int waiting;
        private final transient Limits limits;

        LimitReached(int running, int waiting, Limits limits) {
            super("running " + running + " of " + limits.running() + ", waiting " + waiting + " of "
                    + limits.waiting());
            this.running = running;
            this.waiting = waiting;
            this.limits = limits;
        }

        public int running() {
            return running;
        }

        public int waiting() {
            return waiting;
        }

        public Limits limits() {
            return limits;
        }
    }

    /** A place held for one job of an owner; submit it or cancel it, once. */
    public final class Reservation {
        private final String owner;
        private boolean used;

        private Reservation(String owner) {
            this.owner = owner;
        }

        /**
         * Queues the job in the reserved place.
         *
         * @throws RejectedExecutionException the runner is stopped (the job never runs)
         */
        public void submit(J job) {
            if (!owner.equals(job.owner())) {
                throw new IllegalArgumentException("reserved for " + owner + ", not " + job.owner());
            }
            lock.lock();
            try {
                release();
                if (stopped) {
                    throw new RejectedExecutionException("the runner is stopped");
                }
                waiting.computeIfAbsent(owner, o -> new ArrayDeque<>()).addLast(job);
                changed.signal();
            } finally {
                lock.unlock();
            }
        }

        /** Gives the place back. */
        public void cancel() {
            lock.lock();
            try {
                release();
            } finally {
                lock.unlock();
            }
        }

        private void release() {
            if (used) {
                throw new IllegalStateException("this reservation was used already");
            }
            used = true;
            reserved.merge(owner, -1, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiting jobs by owner; the owners in the order their turn comes. */
    private final LinkedHashMap<String, Deque<J>> waiting = new LinkedHashMap<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, Integer> reserved = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Limits limits;
    private boolean stopped;

    /**
     * @param name    the threads' name, numbered, e.g. {@code winback-import-1}
     * @param threads how many jobs run at once in all
     */
    public FairJobRunner(String name, int threads, Limits limits) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least 1 thread, got " + threads);
        }
        this.limits = limits;
        for (int i = 1; i <= threads; i++) {
            Thread t = new Thread(this::work, name + "-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
        this.threads.forEach(Thread::start);
    }

    /** New limits, for the jobs that start and are reserved from now on. */
    public void limits(Limits newLimits) {
        lock.lock();
        try {
            limits = newLimits;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds a place for one more job of {@code owner}.
     *
     * @throws LimitReached the owner has as many jobs running, waiting and reserved as the limits allow
     * @throws RejectedExecutionException the runner is stopped
     */
    public Reservation reserve(String owner) {
        lock.lock();
        try {
            if (stopped) {
                throw new RejectedExecutionException("the runner is stopped");
            }
            Limits current = limits;
            int run = running.getOrDefault(owner, 0);
            Deque<J> queue = waiting.get(owner);
            int wait = (queue == null ? 0 : queue.size()) + reserved.getOrDefault(owner, 0);
            if (run + wait >= current.running() + current.waiting()) {
                throw new LimitReached(run, wait, current);
            }
            reserved.merge(owner, 1, Integer::sum);
            return new Reservation(owner);
        } finally {
            lock.unlock();
        }
    }

    /** How many jobs of {@code owner} run now, and how many wait (reserved places included). */
    public int[] counts(String owner) {
        lock.lock();
        try {
            Deque<J> queue = waiting.get(owner);
            return new int[] {running.getOrDefault(owner, 0),
                (queue == null ? 0 : queue.size()) + reserved.getOrDefault(owner, 0)};
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            J job;
            lock.lock();
            try {
                while ((job = next()) == null) {
                    if (stopped) {
                        return;
                    }
                    changed.await();
                }
                running.merge(job.owner(), 1, Integer::sum);
            } catch (InterruptedException e) {
                // Only a stop interrupts a waiting thread.
                return;
            } finally {
                lock.unlock();
            }
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                LOG.error("A background job of {} failed", job.owner(), e);
            } finally {
                lock.lock();
                try {
                    running.merge(job.owner(), -1, (a, b) -> a + b == 0 ? null : a + b);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            if (Thread.interrupted() && isStopped()) {
                return;
            }
        }
    }

    /** The next job to start, taken from the first owner in turn below their running limit; under the lock. */
    private J next() {
        if (stopped) {
            return null;
        }
        int max = limits.running();
        for (Iterator<Map.Entry<String, Deque<J>>> it = waiting.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Deque<J>> entry = it.next();
            if (running.getOrDefault(entry.getKey(), 0) >= max) {
                continue;
            }
            J job = entry.getValue().pollFirst();
            it.remove();
            if (!entry.getValue().isEmpty()) {
                // Their next job waits behind everyone else's.
                waiting.put(entry.getKey(), entry.getValue());
            }
            return job;
        }
        return null;
    }

    private boolean isStopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Interrupts the running jobs and waits a while for them to record how they ended (if they cannot, the next
     * start fails them). Reservations made before can no longer be submitted.
     *
     * @return the jobs that never started, in the order they would have
     */
    public List<J> stop() {
        List<J> neverStarted = new ArrayList<>();
        lock.lock();
        try {
            stopped = true;
            J job;
            while (!waiting.isEmpty()) {
                Iterator<Map.Entry<String, Deque<J>>> it = waiting.entrySet().iterator();
                Map.Entry<String, Deque<J>> entry = it.next();
                job = entry.getValue().pollFirst();
                it.remove();
                if (!entry.getValue().isEmpty()) {
                    waiting.put(entry.getKey(), entry.getValue());
                }
                neverStarted.add(job);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warn("The job on {} is still stopping; it is marked failed on the next start", t.getName());
            }
        }
        return neverStarted;
    }
}
