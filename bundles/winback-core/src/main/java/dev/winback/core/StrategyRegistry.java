package dev.winback.core;

import dev.winback.api.dto.CaseStatus;
import dev.winback.api.store.CaseStore;
import dev.winback.api.strategy.RecoveryStrategy;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Deactivate;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed recovery strategies (a whiteboard of {@link RecoveryStrategy} services), and the hot-swap contract:
 * when a strategy's bundle is uninstalled its open cases become PAUSED, when the strategy comes back they are OPEN
 * again, steps and all, exactly where they were. The database holds the state, so this also works across nodes: the
 * node where the feature changes moves the cases, every node sees them moved.
 *
 * <p>Only an uninstall pauses. A service that merely goes away — its bundle restarted, this registry or the store
 * restarted, Karaf stopping — changes no case: no version bump, no audit row, no ETag a client holds goes stale.
 * While a strategy is briefly away its cases simply cannot move (a step completion answers 409).
 */
@Component(service = StrategyRegistry.class, immediate = true)
public class StrategyRegistry implements SynchronousBundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(StrategyRegistry.class);
    private static final String ACTOR = "system:hot-swap";

    private final CaseStore cases;
    private final Bundle systemBundle;
    private final BundleContext context;
    /** The bundle each strategy came from, by name, kept after the service went so an uninstall can be recognised. */
    private final Map<String, Long> bundleOf = new ConcurrentHashMap<>();
    private final Map<String, RecoveryStrategy> strategies = new ConcurrentSkipListMap<>();
    /** service.ranking per strategy: with no admin rule, the highest-ranked applicable strategy wins. */
    private final Map<String, Integer> rankings = new ConcurrentSkipListMap<>();

    @Activate
    public StrategyRegistry(@Reference CaseStore cases, BundleContext context) {
        this.cases = cases;
        this.systemBundle = context.getBundle(0);
        this.context = context;
        context.addBundleListener(this);
    }

    StrategyRegistry(CaseStore cases) {
        this.cases = cases;
        this.systemBundle = null;
        this.context = null;
    }

    @Deactivate
    void stop() {
        if (context != null) {
            context.removeBundleListener(this);
        }
    }

    /** An uninstalled bundle takes its strategies for good (until reinstalled): their open cases pause. */
    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            bundleUninstalled(event.getBundle().getBundleId());
        }
    }

    void bundleUninstalled(long bundleId) {
        for (Map.Entry<String, Long> e : Map.copyOf(bundleOf).entrySet()) {
            if (e.getValue() == bundleId && !strategies.containsKey(e.getKey())) {
                bundleOf.remove(e.getKey());
                int paused = move(e.getKey(), CaseStatus.OPEN, CaseStatus.PAUSED);
                LOG.info("Recovery strategy {} was uninstalled; {} open case(s) paused", e.getKey(), paused);
            }
        }
    }

    @Reference(service = RecoveryStrategy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(RecoveryStrategy strategy, Map<String, Object> properties) {
        String name = strategy.name();
        Object advertised = properties.get(RecoveryStrategy.NAME_PROPERTY);
        if (advertised != null && !name.equals(advertised)) {
            LOG.warn("Strategy {} registered with {}={}; using its name()", name, RecoveryStrategy.NAME_PROPERTY,
                    advertised);
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        rankings.put(name, ranking instanceof Integer ? (Integer) ranking : 0);
        Object bundleId = properties.get(Constants.SERVICE_BUNDLEID);
        if (bundleId instanceof Long) {
            bundleOf.put(name, (Long) bundleId);
        }
        strategies.put(name, strategy);
        // Writes only when there are paused cases: a strategy coming back after a restart touches nothing.
        int resumed = move(name, CaseStatus.PAUSED, CaseStatus.OPEN);
        LOG.info("Recovery strategy {} is available; {} paused case(s) resumed", name, resumed);
    }

    void removeStrategy(RecoveryStrategy strategy) {
        String name = strategy.name();
        if (!strategies.remove(name, strategy)) {
            return;
        }
        rankings.remove(name);
        LOG.info("Recovery strategy {} is not available; its cases wait (they pause if its bundle is uninstalled)",
                name);
    }

    Optional<RecoveryStrategy> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(strategies.get(name));
    }

    /** Installed strategies, by name. */
    List<RecoveryStrategy> all() {
        return List.copyOf(strategies.values());
    }

    /** Installed strategies in order of preference: highest service.ranking first, then by name. */
    List<RecoveryStrategy> byPreference() {
        return strategies.values().stream()
                .sorted(Comparator.comparing((RecoveryStrategy s) -> -rankings.getOrDefault(s.name(), 0))
                        .thenComparing(RecoveryStrategy::name))
                .collect(Collectors.toList());
    }

    /**
     * Pauses the open cases of a strategy found missing when a case is touched: a case can be OPEN without its
     * strategy when the feature was uninstalled while Karaf was down.
     */
    int pauseOrphans(String name) {
        if (strategies.containsKey(name) || bundleOf.containsKey(name) || shuttingDown()) {
            // Known but away for a moment (a bundle restart): nothing to pause, the strategy is coming back.
            return 0;
        }
        return move(name, CaseStatus.OPEN, CaseStatus.PAUSED);
    }

    private int move(String strategy, CaseStatus from, CaseStatus to) {
        try {
            return cases.moveStrategyCases(strategy, from, to, ACTOR);
        } catch (RuntimeException e) {
            // The database may be going away with the rest of the container; cases are reconciled when touched.
            LOG.warn("Could not move {} cases of strategy {} to {}", from, strategy, to, e);
            return 0;
        }
    }

    /** Karaf stopping is not an admin uninstalling: nothing is paused on the way down. */
    private boolean shuttingDown() {
        return systemBundle != null && systemBundle.getState() == Bundle.STOPPING;
    }
}
