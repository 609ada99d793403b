package dev.winback.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-owner limits and turns: one owner's long queue never holds back another's job. */
class FairJobRunnerTest {
    private final List<String> started = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private FairJobRunner<Job> runner;

    /** A job that records its start and waits for the test to release it (or runs through). */
    final class Job implements FairJobRunner.Job {
        final String owner;
        final String name;
        final boolean blocks;
        final CountDownLatch done = new CountDownLatch(1);

        Job(String owner, String name, boolean blocks) {
            this.owner = owner;
            this.name = name;
            this.blocks = blocks;
        }

        @Override
        public String owner() {
            return owner;
        }

        @Override
        public void run() {
            started.add(name);
            try {
                if (blocks) {
                    release.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (runner != null) {
            runner.stop();
        }
    }

    private Job submit(String owner, String name, boolean blocks) {
        Job job = new Job(owner, name, blocks);
        runner.reserve(owner).submit(job);
        return job;
    }

    private static void await(Job job) throws InterruptedException {
        assertTrue(job.done.await(10, TimeUnit.SECONDS), job.name + " did not run");
    }

    @Test
    void anOwnerOverTheirLimitsIsRefusedAndAnotherOwnerRunsMeanwhile() throws InterruptedException {
        runner = new FairJobRunner<>("test", 2, new FairJobRunner.Limits(1, 1));
        submit("anna", "anna-1", true);
        awaitStarted("anna-1");
        submit("anna", "anna-2", true);

        FairJobRunner.LimitReached refused = assertThrows(FairJobRunner.LimitReached.class,
                () -> runner.reserve("anna"));
        assertEquals(1, refused.running());
        assertEquals(1, refused.waiting());

        Job bob = submit("bob", "bob-1", false);
        await(bob);
        assertEquals(List.of("anna-1", "bob-1"), List.copyOf(started), "anna's second waits for her first");
        assertEquals(1, runner.counts("anna")[0]);
        assertEquals(1, runner.counts("anna")[1]);

        release.countDown();
        Job later = submitWhenFree("anna", "anna-3");
        await(later);
        assertEquals(List.of("anna-1", "bob-1", "anna-2", "anna-3"), List.copyOf(started));
    }

    private void awaitStarted(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!started.contains(name)) {
            assertTrue(System.nanoTime() < deadline, name + " did not start");
            Thread.sleep(5);
        }
    }

    private Job submitWhenFree(String owner, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return submit(owner, name, false);
            } catch (FairJobRunner.LimitReached full) {
                assertTrue(System.nanoTime() < deadline, "no place for " + name);
                Thread.sleep(10);
            }
        }
    }

    @Test
    void ownersTakeTurnsOnOneThread() throws InterruptedException {
        runner = new FairJobRunner<>("test", 1, new FairJobRunner.Limits(1, 5));
        submit("gate", "gate", true);
        for (int i = 1; i <= 3; i++) {
            submit("anna", "anna-" + i, false);
        }
        submit("bob", "bob-1", false);
        submit("bob", "bob-2", false);
        release.countDown();
        awaitStarted("anna-3");
        assertEquals(List.of("gate", "anna-1", "bob-1", "anna-2", "bob-2", "anna-3"), List.copyOf(started));
    }

    @Test
    void aCancelledReservationGivesThePlaceBackAndLimitsMayChange() {
        runner = new FairJobRunner<>("test", 1, new FairJobRunner.Limits(1, 0));
        FairJobRunner<Job>.Reservation place = runner.reserve("anna");
        assertThrows(FairJobRunner.LimitReached.class, () -> runner.reserve("anna"));
        place.cancel();
        assertThrows(IllegalStateException.class, place::cancel);
        runner.reserve("anna").cancel();

        runner.limits(new FairJobRunner.Limits(1, 2));
        runner.reserve("anna");
        runner.reserve("anna");
        runner.reserve("anna");
        assertThrows(FairJobRunner.LimitReached.class, () -> runner.reserve("anna"));
    }

    @Test
    void stopInterruptsTheRunningAndReturnsTheWaitingInTurn() throws InterruptedException {
        runner = new FairJobRunner<>("test", 1, new FairJobRunner.Limits(1, 5));
        Job running = submit("anna", "anna-1", true);
        awaitStarted("anna-1");
        submit("anna", "anna-2", false);
        submit("bob", "bob-1", false);
        FairJobRunner<Job>.Reservation late = runner.reserve("carl");

        List<Job> neverStarted = runner.stop();

        assertEquals(List.of("anna-2", "bob-1"), neverStarted.stream().map(j -> j.name).toList());
        assertTrue(running.done.await(1, TimeUnit.SECONDS), "the running job was interrupted");
        assertThrows(RejectedExecutionException.class, () -> late.submit(new Job("carl", "carl-1", false)));
        assertThrows(RejectedExecutionException.class, () -> runner.reserve("dora"));
        runner = null;
    }
}
