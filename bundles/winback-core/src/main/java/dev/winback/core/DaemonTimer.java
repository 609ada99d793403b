package dev.winback.core;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The single background thread of a periodic job: a daemon, so a job never keeps Karaf from stopping. */
final class DaemonTimer {
    private DaemonTimer() {
    }

    static ScheduledExecutorService named(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }
}
