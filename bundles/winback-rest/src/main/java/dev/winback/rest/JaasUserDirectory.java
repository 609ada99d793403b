package dev.winback.rest;

import dev.winback.api.UserDirectory;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The users of the Karaf JAAS realm that the REST API authenticates against (configuration
 * {@code dev.winback.rest.auth}, property {@code realm}), read through the realm's backing engines: the same way
 * Karaf's {@code jaas:user-list} finds them. Each login module of the realm names its module class in the option
 * {@code org.apache.karaf.jaas.module}; the {@link BackingEngineFactory} for that class builds an engine over the
 * module's own options (for the properties module, its {@code users} file). A user's roles include those of the
 * groups they belong to.
 *
 * <p>Registered only while Karaf's JAAS services are there (at least one realm and one backing engine factory),
 * so that the engine, whose reference to it is optional, never meets a directory that cannot answer.
 *
 * <p>Answers are remembered for {@link #CACHE_FOR} at most, and forgotten as soon as the realm's user files change
 * ({@link RealmFiles}), so a burst of checks reads the realm once and a user added or removed counts at once.
 */
@Component(service = UserDirectory.class, configurationPid = "dev.winback.rest.auth")
public class JaasUserDirectory implements UserDirectory {
    static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 10_000;

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<JaasRealm> realms;

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<BackingEngineFactory> engineFactories;

    private final String realm;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile String cachedStamp;

    @Activate
    public JaasUserDirectory(BasicAuthFilter.Config config) {
        this(config.realm(), Clock.systemUTC());
    }

    JaasUserDirectory(String realm, Clock clock) {
        this.realm = realm;
        this.clock = clock;
    }

    @Override
    public Optional<Set<String>> rolesOf(String user) {
        if (user == null || user.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String stamp = RealmFiles.stamp(realms, realm);
        if (!stamp.equals(cachedStamp)) {
            cache.clear();
            cachedStamp = stamp;
        }
        Cached hit = cache.get(user);
        if (hit != null && hit.until.isAfter(now)) {
            return hit.roles;
        }
        Optional<Set<String>> roles = lookUp(user);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(user, new Cached(roles, now.plus(CACHE_FOR)));
        return roles;
    }

    /** The user's roles from every engine of the realm that knows the user, or empty when none does. */
    private Optional<Set<String>> lookUp(String user) {
        Set<String> roles = new TreeSet<>();
        boolean found = false;
        for (BackingEngine engine : engines()) {
            UserPrincipal principal = find(engine, user);
            if (principal == null) {
                continue;
            }
            found = true;
            addRoles(roles, engine.listRoles(principal));
            for (GroupPrincipal group : engine.listGroups(principal)) {
                addRoles(roles, engine.listRoles(group));
            }
        }
        return found ? Optional.of(Set.copyOf(roles)) : Optional.empty();
    }

    private static UserPrincipal find(BackingEngine engine, String user) {
        try {
            return engine.lookupUser(user);
        } catch (UnsupportedOperationException e) {
            // An engine that cannot look one user up can still list them all.
            return engine.listUsers().stream().filter(u -> user.equals(u.getName())).findFirst().orElse(null);
        }
    }

    private static void addRoles(Set<String> roles, List<? extends Principal> principals) {
        if (principals == null) {
            return;
        }
        for (Principal p : principals) {
            String name = p.getName();
            // Group references ("_g_:name") are resolved through listGroups, never roles themselves.
            if (p instanceof RolePrincipal && name != null && !name.startsWith(BackingEngine.GROUP_PREFIX)) {
                roles.add(name);
            }
        }
    }

    /**
     * One engine per login module of the realm (the highest-ranked realm of that name, as JAAS uses it) for which a
     * factory is installed; modules without one (an audit module, say) hold no users.
     */
    List<BackingEngine> engines() {
        JaasRealm chosen = realm(realms, realm);
        if (chosen == null) {
            throw new IllegalStateException("The JAAS realm '" + realm + "' is not available, so its users cannot "
                    + "be checked; is the Karaf jaas feature installed?");
        }
        List<BackingEngineFactory> factories = engineFactories == null ? List.of() : engineFactories;
        List<BackingEngine> engines = new ArrayList<>();
        for (AppConfigurationEntry entry : chosen.getEntries()) {
            Map<String, ?> options = entry.getOptions();
            Object moduleClass = options == null ? null : options.get(ProxyLoginModule.PROPERTY_MODULE);
            if (moduleClass == null) {
                moduleClass = entry.getLoginModuleName();
            }
            for (BackingEngineFactory factory : factories) {
                if (moduleClass.equals(factory.getModuleClass())) {
                    BackingEngine engine = factory.build(options);
                    if (engine != null) {
                        engines.add(engine);
                    }
                    break;
                }
            }
        }
        if (engines.isEmpty()) {
            throw new IllegalStateException("The JAAS realm '" + realm + "' has no login module whose users can be "
                    + "listed (no backing engine for " + describe(chosen) + ")");
        }
        return engines;
    }

    /** The realm named {@code name} with the highest rank, or null. */
    static JaasRealm realm(List<JaasRealm> realms, String name) {
        JaasRealm best = null;
        for (JaasRealm r : realms == null ? List.<JaasRealm>of() : realms) {
            if (name.equals(r.getName()) && (best == null || r.getRank() > best.getRank())) {
                best = r;
            }
        }
        return best;
    }

    private static String describe(JaasRealm realm) {
        List<String> modules = new ArrayList<>();
        for (AppConfigurationEntry entry : realm.getEntries()) {
            Object module = entry.getOptions() == null ? null : entry.getOptions().get(ProxyLoginModule.PROPERTY_MODULE);
            modules.add(String.valueOf(module == null ? entry.getLoginModuleName() : module));
        }
        return String.join(", ", modules);
    }

    private static final class Cached {
        final Optional<Set<String>> roles;
        final Instant until;

        Cached(Optional<Set<String>> roles, Instant until) {
            this.roles = roles;
            this.until = until;
        }
    }
}
