package dev.winback.core;

import dev.winback.api.event.EventSubscriber;
import dev.winback.api.event.WinbackEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts the event log to OSGi EventAdmin for simple in-container listeners: {@code case.closed} on topic
 * {@code dev/winback/case/CLOSED}, {@code case.step.completed} on {@code dev/winback/case/STEP_COMPLETED}, and so on,
 * with the event's fields as properties. EventAdmin keeps nothing, so this is news, not history: events from before
 * the bridge started are passed over. Modules that must not miss anything subscribe to the log themselves.
 */
@Component(service = EventSubscriber.class, property = EventSubscriber.NAME_PROPERTY + "=" + EventAdminBridge.NAME)
public class EventAdminBridge implements EventSubscriber {
    static final String NAME = "osgi-event-admin";
    static final String TOPIC_PREFIX = "dev/winback/";

    private final Instant startedAt;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventAdmin events;

    @Activate
    public EventAdminBridge() {
        this(Clock.systemUTC());
    }

    EventAdminBridge(Clock clock) {
        this.startedAt = clock.instant();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return Set.of();
    }

    @Override
    public void onEvent(WinbackEvent event) {
        EventAdmin admin = events;
        if (admin == null || event.occurredAt.isBefore(startedAt)) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", event.id);
        properties.put("type", event.type);
        properties.put("occurredAt", event.occurredAt.toString());
        properties.put("entityType", event.entityType);
        properties.put("entityId", event.entityId);
        properties.put("actor", event.actor);
        if (event.payload != null) {
            properties.put("payload", event.payload);
        }
        admin.postEvent(new Event(topic(event.type), properties));
    }

    /** {@code case.step.completed} as {@code dev/winback/case/STEP_COMPLETED}. */
    static String topic(String type) {
        int dot = type.indexOf('.');
        String subject = dot < 0 ? type : type.substring(0, dot);
        String action = dot < 0 ? "CHANGED" : type.substring(dot + 1);
        return TOPIC_PREFIX + subject + "/" + action.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
