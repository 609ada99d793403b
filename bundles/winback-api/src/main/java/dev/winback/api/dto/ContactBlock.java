package dev.winback.api.dto;

import java.time.Instant;
import java.util.UUID;

/**
 * The customer asked not to be contacted (the right to object, GDPR Art. 21), or a case ended in a way that rules
 * out further contact. While a customer carries one, no case may contact them: no contacting strategy opens a case,
 * no contact step is completed, detection skips them. Only an admin lifts it.
 */
public class ContactBlock {
    public Instant since;
    /** Why, in words a colleague understands, e.g. "code99: NO_CONTACT_DEMANDED (lawyer's letter)". */
    public String reason;
    /** The user (or {@code system:...}) who set it. */
    public String setBy;
    /** The case whose outcome set it, or null when set directly. */
    public UUID caseId;
}
