package dev.winback.detect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Paces a background job's progress writes to about one per interval: often enough for a progress bar, rarely
 * enough that millions of rows cost a handful of updates. Not thread-safe; one job's thread uses it.
 */
public final class Throttle {
    private final Clock clock;
    private final Duration interval;
    private Instant last;

    public Throttle(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
        this.last = clock.instant();
    }

    /** Whether an interval has passed since the last time this said yes (or since it was made). */
    public boolean due() {
        Instant now = clock.instant();
        if (now.isBefore(last.plus(interval))) {
            return false;
        }
        last = now;
        return true;
    }
}
