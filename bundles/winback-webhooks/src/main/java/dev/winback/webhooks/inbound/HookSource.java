package dev.winback.webhooks.inbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A host system that posts signed webhooks to Winback. Input: {@code {"secret": "whsec_..."}} (or nothing). */
public class HookSource {
    /** The host system, as in {@code Customer.source}. */
    public String source;
    /** Only in the answer to the PUT that generated it; never shown again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String secret;
    /** Where the host posts: {@code /api/v1/hooks/{source}}. */
    public String url;
    public String updatedBy;
    public Instant createdAt;
    public Instant updatedAt;
}
