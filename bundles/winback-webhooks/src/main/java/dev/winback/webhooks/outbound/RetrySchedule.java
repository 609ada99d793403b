package dev.winback.webhooks.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: pauses that grow by a factor after every failure (5 s, 20 s, 80 s, ...
 * with the defaults), up to a longest pause, each stretched or shrunk by a random jitter so that deliveries that
 * failed together (the receiver was down) do not all come back in the same second. Retries stop at the end of the
 * delivery's window (a day by default): the last attempt is made at the window's end, not skipped.
 */
final class RetrySchedule {
    private final Duration first;
    private final double factor;
    private final Duration longest;
    private final Duration window;
    private final double jitter;

    /**
     * @param jitter the largest share by which a pause is randomly lengthened or shortened (0.2 = ±20 %)
     */
    RetrySchedule(Duration first, double factor, Duration longest, Duration window, double jitter) {
        if (first.isNegative() || first.isZero() || factor < 1 || longest.compareTo(first) < 0
                || window.isNegative() || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("retry schedule: first pause > 0, factor >= 1, longest pause >= "
                    + "first, window >= 0 and 0 <= jitter < 1 (got " + first + ", " + factor + ", " + longest + ", "
                    + window + ", " + jitter + ")");
        }
        this.first = first;
        this.factor = factor;
        this.longest = longest;
        this.window = window;
        this.jitter = jitter;
    }

    /** How long a new delivery (or a redelivery) may keep failing before Winback gives up. */
    Duration window() {
        return window;
    }

    /** The pause after the {@code failures}-th failed attempt, before jitter: first × factor^(failures − 1), capped. */
    Duration pause(int failures) {
        double millis = first.toMillis() * Math.pow(factor, Math.max(0, failures - 1));
        return millis >= longest.toMillis() ? longest : Duration.ofMillis((long) millis);
    }

    /**
     * When to try again after the {@code failures}-th failed attempt at {@code now}; empty once the window that
     * ends at {@code retryUntil} is over. A receiver's {@code Retry-After} lengthens the pause, never shortens it.
     *
     * @param random values in [0, 1), for the jitter
     */
    Optional<Instant> next(int failures, Instant now, Instant retryUntil, Duration retryAfter, DoubleSupplier random) {
        if (!now.isBefore(retryUntil)) {
            return Optional.empty();
        }
        long base = pause(failures).toMillis();
        long jittered = Math.round(base * (1 + jitter * (2 * random.getAsDouble() - 1)));
        Duration pause = Duration.ofMillis(Math.max(1, jittered));
        if (retryAfter != null && retryAfter.compareTo(pause) > 0) {
            pause = retryAfter;
        }
        Instant next = now.plus(pause);
        return Optional.of(next.isAfter(retryUntil) ? retryUntil : next);
    }
}
