package dev.winback.core;

import dev.winback.api.Actor;
import dev.winback.api.event.DeadLetter;
import dev.winback.api.event.EventSubscriber;
import dev.winback.api.event.SubscriberStatus;
import dev.winback.api.event.Subscribers;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.EventLogListener;
import dev.winback.api.store.SubscriptionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the event log to the {@link EventSubscriber} services: at least once, in log order, each subscriber from
 * its own position in the database. A node delivers to a subscriber only while it holds that subscriber's lease,
 * so with several nodes on one database one of them delivers and the others stand by. A failing event is retried
 * with doubling pauses and, after the configured attempts, set aside as a dead letter so the rest can go on.
 */
@Component(service = {Subscribers.class, EventDispatcher.class, EventLogListener.class}, immediate = true,
        configurationPid = "dev.winback.core.events")
@Designate(ocd = EventDispatcher.Config.class)
public class EventDispatcher implements Subscribers, EventLogListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final int BATCH = 100;

    @ObjectClassDefinition(name = "Winback event delivery",
            description = "How the event log is delivered to subscribers (modules, webhooks, connectors)")
    public @interface Config {
        @AttributeDefinition(name = "Poll interval (ms)", description = "Pause between two looks at the log")
        long pollMillis() default 500;

        @AttributeDefinition(name = "Attempts", description = "Deliveries of one event before it becomes a dead "
                + "letter", min = "1")
        int maxAttempts() default 8;

        @AttributeDefinition(name = "First retry pause (ms)", description = "Doubled after every failed attempt")
        long retryBaseMillis() default 1000;

        @AttributeDefinition(name = "Longest retry pause (ms)")
        long retryMaxMillis() default 300_000;

        @AttributeDefinition(name = "Lease (seconds)", description = "How long a node keeps delivering to a "
                + "subscriber without renewing; another node takes over after it")
        int leaseSeconds() default 30;

        @AttributeDefinition(name = "Gap timeout (minutes)", description = "How long an id passed while its "
                + "transaction had not committed is waited for; longer than any transaction")
        int gapTimeoutMinutes() default 60;
    }

    private final SubscriptionStore store;
    private final Clock clock;
    private final Config config;
    /** This node, in leases: unique per activation, readable in the status list. */
    final String node;
    private final Map<String, EventSubscriber> subscribers = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService timer;
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile Instant lastGapExpiry = Instant.EPOCH;

    @Activate
    public EventDispatcher(@Reference SubscriptionStore store, Config config) {
        this(store, config, Clock.systemUTC());
        timer = DaemonTimer.named("winback-event-delivery");
        long poll = Math.max(10, config.pollMillis());
        timer.scheduleWithFixedDelay(this::deliverQuietly, poll, poll, TimeUnit.MILLISECONDS);
    }

    EventDispatcher(SubscriptionStore store, Config config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.node = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Deactivate
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        subscribers.keySet().forEach(this::releaseQuietly);
    }

    @Reference(service = EventSubscriber.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSubscriber(EventSubscriber subscriber) {
        String name = subscriber.name();
        if (name == null || !NAME.matcher(name).matches() || name.length() > 128) {
            LOG.error("Event subscriber {} has no valid name ('{}'): lower-case letters, digits and dashes; it gets "
                    + "no events", subscriber.getClass().getName(), name);
            return;
        }
        store.register(name);
        subscribers.put(name, subscriber);
    }

    void removeSubscriber(EventSubscriber subscriber) {
        if (subscribers.remove(subscriber.name(), subscriber)) {
            // Another node (or this one, when it comes back) carries on from the stored position.
            releaseQuietly(subscriber.name());
        }
    }

    /**
     * Events committed on this node: deliver now rather than at the next poll. Wakes coalesce, so a burst of
     * commits costs one extra round, and a round already running picks the new events up as it goes.
     */
    @Override
    public void eventsCommitted() {
        ScheduledExecutorService t = timer;
        if (t != null && wakeRequested.compareAndSet(false, true)) {
            try {
                t.execute(() -> {
                    wakeRequested.set(false);
                    deliverQuietly();
                });
            } catch (RejectedExecutionException stopping) {
                wakeRequested.set(false);
            }
        }
    }

    private void deliverQuietly() {
        try {
            deliver();
        } catch (RuntimeException e) {
            // The database may be briefly away; the next round picks up where this one stopped.
            LOG.warn("Event delivery failed", e);
        }
    }

    /**
     * One round: every subscriber this node holds the lease of gets what is pending for it. A subscriber that took a
     * whole batch may have more waiting, so the round goes on, taking the busy ones in turn, until each has caught
     * up or is held back by a retry: a backlog drains at the speed of the subscribers, not one batch per poll, and
     * one with a long backlog does not keep the others waiting.
     */
    void deliver() {
        List<Map.Entry<String, EventSubscriber>> busy = new ArrayList<>(subscribers.entrySet());
        // Bounded, so that housekeeping (gap expiry) runs under a load that never lets the subscribers catch up.
        Instant roundEnds = clock.instant().plusSeconds(Math.max(1, config.leaseSeconds() / 2));
        while (!busy.isEmpty() && clock.instant().isBefore(roundEnds)) {
            for (Iterator<Map.Entry<String, EventSubscriber>> it = busy.iterator(); it.hasNext();) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                Map.Entry<String, EventSubscriber> e = it.next();
                String name = e.getKey();
                Instant now = clock.instant();
                // Taken (or renewed) per batch, so a long backlog never outlives the lease.
                if (subscribers.get(name) != e.getValue()
                        || !store.lease(name, node, now, now.plusSeconds(config.leaseSeconds()))
                        || !deliverTo(name, e.getValue())) {
                    it.remove();
                }
            }
        }
        Instant now = clock.instant();
        if (Duration.between(lastGapExpiry, now).toMinutes() >= 1) {
            lastGapExpiry = now;
            store.expireGaps(now.minus(Duration.ofMinutes(config.gapTimeoutMinutes())));
        }
    }

    /** Hands the subscriber a batch; true when it took a whole one and more may be waiting. */
    private boolean deliverTo(String name, EventSubscriber subscriber) {
        Optional<SubscriberStatus> status = store.status(name);
        Long retrying = status.map(s -> s.retrying).orElse(null);
        int attempts = status.map(s -> s.attempts).orElse(0);
        Set<String> types = subscriber.types() == null ? Set.of() : subscriber.types();
        List<WinbackEvent> pending = store.pending(name, types, BATCH);
        for (WinbackEvent event : pending) {
            Instant now = clock.instant();
            boolean isRetry = retrying != null && retrying == event.id;
            if (isRetry && status.get().nextAttemptAt != null && now.isBefore(status.get().nextAttemptAt)) {
                // In order: nothing after it goes before it is through.
                return false;
            }
            try {
                subscriber.onEvent(event);
            } catch (Exception | LinkageError failure) {
                int tries = (isRetry ? attempts : 0) + 1;
                String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                if (tries >= config.maxAttempts()) {
                    LOG.warn("Subscriber {} failed {} times on event {} ({}); set aside as a dead letter", name,
                            tries, event.id, event.type, failure);
                    store.deadLetter(name, event.id, tries, error, types, now);
                    continue;
                }
                store.retry(name, event.id, tries, now.plus(backoff(tries)), error);
                return false;
            }
            store.done(name, event.id, types, now);
        }
        if (!types.isEmpty() && pending.size() < BATCH) {
            // Handed all it wants: move it past the events it does not want, so its position (and how far behind
            // it is) says where it really stands.
            store.advance(name, store.head(), types, clock.instant());
        }
        return pending.size() == BATCH;
    }

    /** 1, 2, 4, ... times the base, up to the longest pause. */
    Duration backoff(int attempts) {
        long pause = config.retryBaseMillis() << Math.min(attempts - 1, 30);
        return Duration.ofMillis(Math.min(Math.max(pause, 0), config.retryMaxMillis()));
    }

    private void releaseQuietly(String name) {
        try {
            store.release(name, node);
        } catch (RuntimeException e) {
            // The lease runs out on its own.
            LOG.debug("Could not release the lease of {}", name, e);
        }
    }

    @Override
    public List<SubscriberStatus> list(Actor actor) {
        requireAdmin(actor);
        List<SubscriberStatus> all = store.statuses();
        all.forEach(s -> s.installed = subscribers.containsKey(s.name));
        return all;
    }

    @Override
    public List<DeadLetter> deadLetters(String name, Actor actor) {
        requireAdmin(actor);
        return store.deadLetters(name);
    }

    @Override
    public int replay(String name, Actor actor) {
        requireAdmin(actor);
        return store.replay(name);
    }

    private static void requireAdmin(Actor actor) {
        CustomerDirectory.requireAdmin(actor, "Event subscribers are for admins (role winback-admin)");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node";
        }
    }
}
