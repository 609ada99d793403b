package dev.winback.rest;

import dev.winback.api.Actor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * Checks user name and password against a Karaf JAAS realm. A JAAS login is by far the most expensive part of a
 * small authenticated request, so successful logins are remembered for a short time, keyed by a hash of the
 * credentials (never the password itself); failures are never cached, so a fixed password works at once. The
 * whole cache is dropped when the realm's user files change ({@link RealmFiles}), so a changed password or a
 * removed user is refused at the next request.
 */
final class JaasAuthenticator {
    private static final int MAX_CACHED = 10_000;

    private final String realm;
    private final Duration cacheFor;
    private final Clock clock;
    private final Supplier<String> realmStamp;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile String cachedStamp;

    /** @param realmStamp the state of the realm's user files, read on every request */
    JaasAuthenticator(String realm, Duration cacheFor, Clock clock, Supplier<String> realmStamp) {
        this.realm = realm;
        this.cacheFor = cacheFor;
        this.clock = clock;
        this.realmStamp = realmStamp;
    }

    Optional<Actor> authenticate(String user, String password) {
        String key = digest(user, password);
        Instant now = clock.instant();
        // Read before the login below, so an edit made while it runs drops what it caches at the next request.
        String stamp = realmStamp.get();
        if (!stamp.equals(cachedStamp)) {
            cache.clear();
            cachedStamp = stamp;
        }
        Cached hit = cache.get(key);
        if (hit != null && hit.until.isAfter(now)) {
            return Optional.of(hit.actor);
        }
        Optional<Actor> actor = login(user, password);
        if (actor.isPresent() && !cacheFor.isZero()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, new Cached(actor.get(), now.plus(cacheFor)));
        } else {
            cache.remove(key);
        }
        return actor;
    }

    private Optional<Actor> login(String user, String password) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // JAAS loads login modules through the context class loader; ours sees Karaf's boot JAAS classes.
        thread.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(realm, new Subject(), callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback) {
                        ((NameCallback) callback).setName(user);
                    } else if (callback instanceof PasswordCallback) {
                        ((PasswordCallback) callback).setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            login.login();
            Set<String> roles = login.getSubject().getPrincipals(RolePrincipal.class).stream()
                    .map(RolePrincipal::getName).collect(Collectors.toSet());
            login.logout();
            return Optional.of(new Actor(user, roles));
        } catch (LoginException e) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return java.util.HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static final class Cached {
        final Actor actor;
        final Instant until;

        Cached(Actor actor, Instant until) {
            this.actor = actor;
            this.until = until;
        }
    }
}
