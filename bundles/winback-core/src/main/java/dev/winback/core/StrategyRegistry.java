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
import org.osgi.framework.Constants;
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
 * when a strategy's service goes away its open cases become PAUSED, when it comes back they are OPEN again, steps
 * and all, exactly where they were. The database holds the state, so this also works across nodes: the node
 * where the feature changes moves the cases, every node sees them moved.
 */
@Component(service = StrategyRegistry.class, immediate = true)
public class StrategyRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(StrategyRegistry.class);
    private static final String ACTOR = "system:hot-swap";

    private final CaseStore cases;
    private final Bundle systemBundle;
    private final Map<String, RecoveryStrategy> strategies = new ConcurrentSkipListMap<>();
    /** service.ranking per strategy: with no admin rule, the highest-ranked applicable strategy wins. */
    private final Map<String, Integer> rankings = new ConcurrentSkipListMap<>();

    @Activate
    public StrategyRegistry(@Reference CaseStore cases, BundleContext context) {
        this(cases, context.getBundle(0));
    }

    StrategyRegistry(CaseStore cases, Bundle systemBundle) {
        this.cases = cases;
        this.systemBundle = systemBundle;
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
        strategies.put(name, strategy);
        int resumed = move(name, CaseStatus.PAUSED, CaseStatus.OPEN);
        LOG.info("Recovery strategy {} is available; {} paused case(s) resumed", name, resumed);
    }

    void removeStrategy(RecoveryStrategy strategy) {
        String name = strategy.name();
        if (!strategies.remove(name, strategy)) {
            return;
        }
        rankings.remove(name);
        if (shuttingDown()) {
            // Karaf is stopping, not the admin uninstalling: the strategy will be back on the next start.
            return;
        }
        int paused = move(name, CaseStatus.OPEN, CaseStatus.PAUSED);
        LOG.info("Recovery strategy {} went away; {} open case(s) paused", name, paused);
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
        return strategies.containsKey(name) ? 0 : move(name, CaseStatus.OPEN, CaseStatus.PAUSED);
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

    private boolean shuttingDown() {
        return systemBundle != null && systemBundle.getState() == Bundle.STOPPING;
    }
}
