package dev.winback.bounty.rules;

import dev.winback.api.bounty.BountyRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounty rules installed now, by name. Rules come and go with their features: the accruals that need a rule
 * that is away wait for it, and whoever listens here is told when one arrives so the waiting ones are calculated.
 */
@Component(service = RuleRegistry.class)
public class RuleRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RuleRegistry.class);

    /** Per name, the services that carry it, the first registered in use (an upgrade may overlap two). */
    private final Map<String, List<BountyRule>> rules = new ConcurrentHashMap<>();
    private final List<Consumer<String>> arrivals = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addRule(BountyRule rule) {
        String name = rule.name();
        List<BountyRule> named = rules.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
        named.add(rule);
        if (named.size() > 1) {
            LOG.warn("Two bounty rules are named {}: {} is used until it goes, then {}", name,
                    named.get(0).getClass().getName(), rule.getClass().getName());
            return;
        }
        LOG.info("Bounty rule {} {} is available", name, rule.version());
        arrivals.forEach(listener -> listener.accept(name));
    }

    public void removeRule(BountyRule rule) {
        List<BountyRule> named = rules.get(rule.name());
        if (named != null && named.remove(rule)) {
            if (named.isEmpty()) {
                LOG.info("Bounty rule {} is gone: accruals that need it wait until it is back", rule.name());
            } else {
                LOG.info("Bounty rule {} is now {} {}", rule.name(), named.get(0).getClass().getName(),
                        named.get(0).version());
            }
        }
    }

    public Optional<BountyRule> rule(String name) {
        List<BountyRule> named = name == null ? null : rules.get(name);
        return named == null || named.isEmpty() ? Optional.empty() : Optional.of(named.get(0));
    }

    /** The rule in use for each name. */
    public Map<String, BountyRule> installed() {
        Map<String, BountyRule> installed = new java.util.HashMap<>();
        rules.forEach((name, named) -> {
            if (!named.isEmpty()) {
                installed.put(name, named.get(0));
            }
        });
        return Map.copyOf(installed);
    }

    /** {@code listener} is called with a rule's name each time one arrives. */
    public void onArrival(Consumer<String> listener) {
        arrivals.add(listener);
    }

    public void removeListener(Consumer<String> listener) {
        arrivals.remove(listener);
    }
}
