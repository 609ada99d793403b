package dev.winback.systests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Starts and stops a fresh copy of the distribution {@code winback.starts} times (3 in CI, 30 on demand) while
 * {@code winback.starts.load} threads keep cores busy, and counts every start whose health does not answer 200
 * within {@code winback.starts.healthSeconds} (60). Karaf's boot once hung for good here (the start-level thread
 * waiting for the boot features, the deployer waiting for a bundle lock to refresh bundles): every start must come
 * up within {@code winback.starts.hangSeconds} (300), and no start may refresh bundles ("Refreshing bundles" /
 * "Stopping bundles" of the deployer in karaf.log). Starts slower than the 60 s are counted and reported; they fail
 * the test only with {@code -Dwinback.starts.strict=true}, since on a machine that other work loads as well a slow
 * boot says nothing about Winback.
 *
 * <p>A start that fails leaves its copy (with a thread dump, threads.txt) under target/runs/; the results of every
 * start are in target/starts-every-time.txt.
 */
class StartsEveryTimeIT {

    @Test
    void everyFreshStartAnswersHealthWithoutRefreshingBundles() throws Exception {
        int starts = Integer.getInteger("winback.starts", 3);
        int load = Integer.getInteger("winback.starts.load", 1);
        Duration limit = Duration.ofSeconds(Integer.getInteger("winback.starts.healthSeconds", 60));
        Duration hang = Duration.ofSeconds(Integer.getInteger("winback.starts.hangSeconds", 300));
        boolean strict = Boolean.getBoolean("winback.starts.strict");
        Path report = Paths.get(Distribution.required("winback.runs")).getParent().resolve("starts-every-time.txt");
        Files.writeString(report, "# " + Instant.now() + ": " + starts + " fresh starts, " + load
                + " busy thread(s), health within " + limit.toSeconds() + " s\n", StandardCharsets.UTF_8);

        List<String> failed = new ArrayList<>();
        List<String> hung = new ArrayList<>();
        List<String> refreshed = new ArrayList<>();
        List<String> killed = new ArrayList<>();
        long slowest = 0;
        long total = 0;
        int up = 0;
        try (CpuLoad busy = new CpuLoad(load)) {
            for (int i = 1; i <= starts; i++) {
                String name = "start-" + i;
                Distribution winback = Distribution.freshCopy(name);
                winback.start();
                String loadBefore = loadAverage();
                Duration took = winback.awaitHealth(limit);
                if (took == null) {
                    failed.add(name);
                    winback.threadDump(winback.home.resolve("threads.txt"));
                    Duration later = winback.awaitHealth(hang.minus(limit));
                    if (later == null) {
                        hung.add(name);
                        winback.threadDump(winback.home.resolve("threads-at-hang.txt"));
                    } else {
                        took = limit.plus(later);
                    }
                } else {
                    up++;
                }
                if (took != null) {
                    total += took.toMillis();
                    slowest = Math.max(slowest, took.toMillis());
                }
                long refreshes = winback.logText().lines()
                        .filter(l -> l.contains("| Refreshing bundles") || l.contains("| Stopping bundles")).count();
                if (refreshes > 0) {
                    refreshed.add(name);
                }
                boolean stopped = winback.stop(Duration.ofSeconds(60));
                if (!stopped) {
                    killed.add(name);
                }
                String line = String.format("%s: %s, refresh lines %d, %s, load average before %s%n", name,
                        took == null ? "NO HEALTH within " + hang.toSeconds() + " s (hung)" : "health 200 after "
                                + took.toMillis() + " ms", refreshes, stopped ? "stopped" : "KILLED after 60 s", loadBefore);
                System.out.print(line);
                Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                if (took != null && !failed.contains(name) && refreshes == 0 && stopped) {
                    winback.delete();
                }
            }
            int cameUp = starts - hung.size();
            String summary = String.format("%d of %d starts answered health within %d s, %d within %d s (mean %d ms,"
                    + " slowest %d ms); over %d s: %s; hung: %s; refreshed bundles: %s; killed on stop: %s;"
                    + " busy threads: %d (%d ops)%n",
                    up, starts, limit.toSeconds(), cameUp, hang.toSeconds(), cameUp == 0 ? 0 : total / cameUp,
                    slowest, limit.toSeconds(), failed, hung, refreshed, killed, load, busy.operations());
            System.out.print(summary);
            Files.writeString(report, summary, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        assertEquals(List.of(), hung, "starts that never answered health; see target/runs/<start>/threads*.txt");
        if (strict) {
            assertEquals(List.of(), failed, "starts slower than " + limit.toSeconds() + " s; see target/runs/<start>");
        }
        assertEquals(List.of(), refreshed, "starts that refreshed bundles; see target/runs/<start>/data/log");
        assertEquals(List.of(), killed, "starts that did not stop within 60 s");
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Paths.get("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Threads that spin until closed, each keeping one core busy. */
    private static final class CpuLoad implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong operations = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        CpuLoad(int count) {
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(this::spin, "cpu-load-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        private void spin() {
            long x = 0;
            while (running.get()) {
                for (int i = 0; i < 1_000_000; i++) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                operations.addAndGet(x == 42 ? 2 : 1);
            }
        }

        long operations() {
            return operations.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }
}
