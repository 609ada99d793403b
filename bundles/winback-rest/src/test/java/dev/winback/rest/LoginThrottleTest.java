package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(60));

    @Test
    void theFailureAfterTheLimitIsRefusedUntilTheOldestFailureLeavesTheWindow() {
        throttle.failed("alice", "10.0.0.1", T0);
        throttle.failed("alice", "10.0.0.1", T0.plusSeconds(10));
        assertEquals(Optional.empty(), throttle.retryAfter("alice", "10.0.0.1", T0.plusSeconds(11)));
        throttle.failed("alice", "10.0.0.1", T0.plusSeconds(20));

        assertEquals(Optional.of(Duration.ofSeconds(39)), throttle.retryAfter("alice", "10.0.0.1",
                T0.plusSeconds(21)));
        // the first failure leaves the window at T0+60: two remain, one more try is allowed
        assertEquals(Optional.empty(), throttle.retryAfter("alice", "10.0.0.1", T0.plusSeconds(60)));
    }

    @Test
    void aNameIsThrottledFromEveryAddressAndAnAddressForEveryName() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0." + i, T0);
        }
        assertTrue(throttle.retryAfter("alice", "10.9.9.9", T0).isPresent(), "guessing alice from elsewhere");
        assertTrue(throttle.retryAfter("Alice", "10.9.9.9", T0).isPresent(), "names are compared without case");
        assertEquals(Optional.empty(), throttle.retryAfter("bob", "10.9.9.9", T0));

        for (int i = 0; i < 3; i++) {
            throttle.failed("user" + i, "10.1.1.1", T0);
        }
        assertTrue(throttle.retryAfter("carol", "10.1.1.1", T0).isPresent(), "spraying names from one address");
    }

    @Test
    void unknownAndKnownNamesAreCountedAlike() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("nobody-" + i, null, T0);
        }
        assertEquals(Optional.empty(), throttle.retryAfter("nobody-0", null, T0));
        for (int i = 0; i < 3; i++) {
            throttle.failed("ghost", null, T0);
        }
        assertTrue(throttle.retryAfter("ghost", null, T0).isPresent());
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddress() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1", T0);
        }
        throttle.succeeded("alice");
        assertEquals(Optional.empty(), throttle.retryAfter("alice", "10.0.0.2", T0));
        assertTrue(throttle.retryAfter("alice", "10.0.0.1", T0).isPresent());
    }

    @Test
    void zeroFailuresAllowedMeansNoThrottling() {
        LoginThrottle off = new LoginThrottle(0, Duration.ofSeconds(60));
        for (int i = 0; i < 100; i++) {
            off.failed("alice", "10.0.0.1", T0);
        }
        assertEquals(Optional.empty(), off.retryAfter("alice", "10.0.0.1", T0));
    }
}
