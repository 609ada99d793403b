package dev.winback.webhooks.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    /** The defaults of etc/dev.winback.webhooks.cfg. */
    private final RetrySchedule defaults = new RetrySchedule(Duration.ofSeconds(5), 4, Duration.ofHours(10),
            Duration.ofDays(1), 0.2);

    @Test
    void pausesGrowByTheFactorUpToTheLongest() {
        assertEquals(Duration.ofSeconds(5), defaults.pause(1));
        assertEquals(Duration.ofSeconds(20), defaults.pause(2));
        assertEquals(Duration.ofSeconds(80), defaults.pause(3));
        assertEquals(Duration.ofSeconds(320), defaults.pause(4));
        assertEquals(Duration.ofMillis(5_120_000), defaults.pause(6));
        assertEquals(Duration.ofHours(10), defaults.pause(9));
        assertEquals(Duration.ofHours(10), defaults.pause(60), "no overflow far out");
    }

    @Test
    void jitterStaysWithinItsShare() {
        Instant until = T0.plus(Duration.ofDays(1));
        assertEquals(T0.plusSeconds(4), defaults.next(1, T0, until, null, () -> 0.0).orElseThrow());
        assertEquals(T0.plusSeconds(5), defaults.next(1, T0, until, null, () -> 0.5).orElseThrow());
        assertTrue(!defaults.next(1, T0, until, null, () -> 0.999999).orElseThrow().isAfter(T0.plusSeconds(6)));
    }

    @Test
    void aDayOfRetriesWithTheDefaultsThenNoMore() {
        Instant until = T0.plus(Duration.ofDays(1));
        Instant now = T0;
        int attempts = 1;
        Optional<Instant> next;
        while ((next = defaults.next(attempts, now, until, null, () -> 0.5)).isPresent()) {
            now = next.get();
            attempts++;
        }
        assertEquals(until, now, "the last attempt is made at the end of the window");
        // Attempts at 0, 5 s, 25 s, 105 s, 7 min, 28 min, 1.9 h, 7.6 h, 17.6 h and 24 h.
        assertEquals(10, attempts);
    }

    @Test
    void retryAfterLengthensButNeverShortensAndTheWindowCapsBoth() {
        Instant until = T0.plus(Duration.ofMinutes(10));
        assertEquals(T0.plusSeconds(120), defaults.next(1, T0, until, Duration.ofSeconds(120), () -> 0.5)
                .orElseThrow());
        assertEquals(T0.plusSeconds(5), defaults.next(1, T0, until, Duration.ofSeconds(1), () -> 0.5).orElseThrow());
        assertEquals(until, defaults.next(1, T0, until, Duration.ofHours(3), () -> 0.5).orElseThrow());
        assertTrue(defaults.next(1, until, until, null, () -> 0.5).isEmpty());
    }

    @Test
    void aShortWindowForTests() {
        RetrySchedule fast = new RetrySchedule(Duration.ofMillis(200), 2, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 0);
        Instant until = T0.plusSeconds(2);
        assertEquals(T0.plusMillis(200), fast.next(1, T0, until, null, () -> 0.3).orElseThrow());
        assertEquals(T0.plusMillis(1_000), fast.next(5, T0, until, null, () -> 0.3).orElseThrow());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ZERO, 2, Duration.ofSeconds(1),
                Duration.ofDays(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ofSeconds(1), 0.5,
                Duration.ofSeconds(1), Duration.ofDays(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ofSeconds(1), 2,
                Duration.ofSeconds(1), Duration.ofDays(1), 1));
    }
}
