package dev.winback.api.dto;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer as the host CRM knows it. {@code externalId} is the host's key and is unique within its
 * {@code source} (the host system's name), so imports and webhooks can find the same customer again.
 */
public class Customer {
    /** Winback's own id; assigned on creation. */
    public UUID id;
    /** The host system's key for this customer; unique per {@link #source}. */
    public String externalId;
    /** The host system the customer comes from, e.g. {@code unomi} or {@code salesforce}. */
    public String source;
    public String name;
    /** Free-form segment label from the host (e.g. {@code enterprise}, {@code smb}). */
    public String segment;
    /** User name of the rep who owns the relationship. */
    public String ownerRep;
    /** Lifetime value so far, in {@link #currency}. */
    public BigDecimal lifetimeValue;
    /** ISO 4217 code, e.g. {@code EUR}. */
    public String currency;
    /** Set while the customer must not be contacted; null otherwise. Changed only through the contact-block calls. */
    public ContactBlock contactBlocked;
    public Instant createdAt;
    public Instant updatedAt;
    /** Optimistic-lock version; the REST layer exposes it as the ETag. */
    public long version;
}
