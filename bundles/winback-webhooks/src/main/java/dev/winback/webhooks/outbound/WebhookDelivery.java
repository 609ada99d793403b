package dev.winback.webhooks.outbound;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One event on its way to one endpoint, with every attempt made so far. */
public class WebhookDelivery {
    public enum Status {
        /** Waiting for its next attempt (the first one, or a retry). */
        PENDING,
        /** The endpoint answered 2xx. */
        DELIVERED,
        /** Retries ran out (or the endpoint answered 410 Gone); a redeliver queues it again. */
        FAILED
    }

    public UUID id;
    public UUID endpointId;
    /** The {@code webhook-id} header: the same on every attempt, so the receiver can drop duplicates. */
    public String webhookId;
    public long eventId;
    public String eventType;
    public Status status;
    public int attempts;
    public Instant nextAttemptAt;
    /** Retries stop at this time. */
    public Instant retryUntil;
    public Integer lastStatus;
    public String lastError;
    public Instant createdAt;
    public Instant deliveredAt;
    /** The attempts, oldest first. */
    public List<DeliveryAttempt> log;

    /** The webhook-id of a delivery: {@code msg_} and its id without dashes (no '.', as the specification asks). */
    static String webhookId(UUID deliveryId) {
        return "msg_" + deliveryId.toString().replace("-", "");
    }
}
