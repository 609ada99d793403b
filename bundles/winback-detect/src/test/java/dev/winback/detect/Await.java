package dev.winback.detect;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Test helper: waits for a background job to reach a state. */
public final class Await {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Await() {
    }

    public static <T> T until(Supplier<Optional<T>> read, Predicate<T> done, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = read.get();
            if (value.isPresent() && done.test(value.get())) {
                return value.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
        return fail("timed out waiting for " + what);
    }
}
