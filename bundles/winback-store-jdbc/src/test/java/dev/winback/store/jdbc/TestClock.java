package dev.winback.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves on by a fixed step each time it is read, so every change gets its own predictable time;
 * a step of zero makes timestamps tie. Safe to share between threads.
 */
final class TestClock extends Clock {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now = START;
    private Duration step = Duration.ofSeconds(1);

    synchronized void step(Duration step) {
        this.step = step;
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(step);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("always UTC");
    }
}
