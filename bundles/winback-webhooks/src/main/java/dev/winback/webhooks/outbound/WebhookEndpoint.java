package dev.winback.webhooks.outbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An outbound webhook endpoint: where events go, which ones, and with which secret they are signed. On input only
 * url, eventTypes, secret, active and description are read; the rest is Winback's and ignored when sent back.
 */
public class WebhookEndpoint {
    public UUID id;
    /** http or https; checked against the allow-list at registration and before every attempt. */
    public String url;
    /** The event types sent (see dev.winback.api.event.EventTypes); empty for all. */
    public List<String> eventTypes;
    /** {@code whsec_<base64>}; shown once, in the answer to the create that set or generated it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String secret;
    /** False stops delivery; events in the meantime are not queued for the endpoint. Default true. */
    public Boolean active;
    public String description;
    /** Why Winback switched the endpoint off (retries exhausted, 410 Gone); null while it is on. */
    public String disabledReason;
    public Instant disabledAt;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;
}
