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

    private final Map<String, BountyRule> rules = new ConcurrentHashMap<>();
    private final List<Consumer<String>> arrivals = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addRule(BountyRule rule) {
        String name = rule.name();
        BountyRule before = rules.putIfAbsent(name, rule);
        if (before != null) {
            LOG.warn("Two bounty rules are named {}: {} is used, {} is ignored", name, before.getClass().getName(),
                    rule.getClass().getName());
            return;
        }
        LOG.info("Bounty rule {} {} is available", name, rule.version());
        arrivals.forEach(listener -> listener.accept(name));
    }

    public void removeRule(BountyRule rule) {
        if (rules.remove(rule.name(), rule)) {
            LOG.info("Bounty rule {} is gone: accruals that need it wait until it is back", rule.name());
        }
    }

    public Optional<BountyRule> rule(String name) {
        return Optional.ofNullable(name == null ? null : rules.get(name));
    }

    public Map<String, BountyRule> installed() {
        return Map.copyOf(rules);
    }

    /** {@code listener} is called with a rule's name each time one arrives. */
    public void onArrival(Consumer<String> listener) {
        arrivals.add(listener);
    }

    public void removeListener(Consumer<String> listener) {
        arrivals.remove(listener);
    }
}
