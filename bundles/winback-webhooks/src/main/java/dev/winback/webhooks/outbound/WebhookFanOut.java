package dev.winback.webhooks.outbound;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.winback.api.event.EventSubscriber;
import dev.winback.api.event.WinbackEvent;
import dev.winback.webhooks.WebhookSettings;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The module's one durable subscriber: it turns each event into a delivery per interested endpoint in the
 * database and returns at once. Sending is the {@link DeliveryWorker}'s, per endpoint, so a slow or broken receiver
 * never holds up the event log or the other endpoints. While the feature is uninstalled the subscriber's position
 * stays where it was, and the events in between are queued when it comes back.
 */
@Component(service = EventSubscriber.class, property = EventSubscriber.NAME_PROPERTY + "=" + WebhookFanOut.NAME,
        configurationPid = WebhookSettings.PID)
public class WebhookFanOut implements EventSubscriber {
    static final String NAME = "webhooks";
    private static final JsonFactory JSON = new JsonFactory();

    private final JdbcWebhookStore store;
    private final Duration retryWindow;
    /** This node's sender, told when something was queued; optional, as another node's may do the sending. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DeliveryWorker worker;

    @Activate
    public WebhookFanOut(@Reference JdbcWebhookStore store, WebhookSettings settings) {
        this(store, Duration.ofSeconds(settings.retryWindowSeconds()));
    }

    WebhookFanOut(JdbcWebhookStore store, Duration retryWindow) {
        this.store = store;
        this.retryWindow = retryWindow;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Every type: each endpoint's own filter is applied when the event is queued. */
    @Override
    public Set<String> types() {
        return Set.of();
    }

    @Override
    public void onEvent(WinbackEvent event) {
        if (store.fanOut(event, body(event), retryWindow) > 0) {
            DeliveryWorker sender = worker;
            if (sender != null) {
                sender.wake();
            }
        }
    }

    /**
     * The body a receiver gets, in the shape the Standard Webhooks specification recommends:
     * {@code {"type": ..., "timestamp": <when it happened>, "data": <the entity after the change>}}. Built once
     * and stored, so every attempt sends (and signs) the same bytes.
     */
    static String body(WinbackEvent event) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", event.type);
            json.writeStringField("timestamp", event.occurredAt.toString());
            json.writeFieldName("data");
            // The payload is JSON already (the entity as the REST API shows it).
            json.writeRawValue(event.payload == null || event.payload.isBlank() ? "{}" : event.payload);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
