package dev.winback.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} failed logins within {@code window}, for one user name or
 * from one client address, further attempts for it are refused without asking the realm until the oldest of those
 * failures is older than the window. A real user is therefore shut out for one window at most, and only while
 * someone keeps failing with their name; a success clears the name's failures (not the address's, which a guesser
 * could otherwise reset with an account of their own).
 *
 * <p>Unknown names are counted like known ones, so the answers do not tell which names exist.
 */
final class LoginThrottle {
    /** Beyond this many tracked names and addresses, those without a recent failure are forgotten first. */
    static final int MAX_TRACKED = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Map<String, ArrayDeque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(int maxFailures, Duration window) {
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** How long the user or the address must wait before trying again, or empty when they may try now. */
    Optional<Duration> retryAfter(String user, String address, Instant now) {
        if (maxFailures <= 0) {
            return Optional.empty();
        }
        Duration wait = longer(waitFor(userKey(user), now), waitFor(addressKey(address), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String user, String address, Instant now) {
        if (maxFailures <= 0) {
            return;
        }
        if (failures.size() >= MAX_TRACKED) {
            forgetOld(now);
        }
        record(userKey(user), now);
        record(addressKey(address), now);
    }

    void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private Duration waitFor(String key, Instant now) {
        if (key == null) {
            return Duration.ZERO;
        }
        ArrayDeque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            trim(times, now);
            if (times.size() < maxFailures) {
                return Duration.ZERO;
            }
            // Only the last maxFailures are kept, so the oldest decides when one of them leaves the window.
            return Duration.between(now, times.peekFirst().plus(window));
        }
    }

    private void record(String key, Instant now) {
        if (key == null) {
            return;
        }
        ArrayDeque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            trim(times, now);
            times.addLast(now);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
    }

    private void trim(ArrayDeque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }

    private void forgetOld(Instant now) {
        for (Iterator<ArrayDeque<Instant>> it = failures.values().iterator(); it.hasNext();) {
            ArrayDeque<Instant> times = it.next();
            synchronized (times) {
                trim(times, now);
                if (times.isEmpty()) {
                    it.remove();
                }
            }
        }
        if (failures.size() >= MAX_TRACKED) {
            // Still full of recent failures: a spray from many addresses. Start over rather than grow without bound;
            // the per-address limit catches each sender again within maxFailures tries.
            failures.clear();
        }
    }

    private static String userKey(String user) {
        return user == null ? null : "user:" + user.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + address;
    }

    private static Duration longer(Duration a, Duration b) {
        Duration longer = a.compareTo(b) >= 0 ? a : b;
        return longer.isNegative() ? Duration.ZERO : longer;
    }
}
