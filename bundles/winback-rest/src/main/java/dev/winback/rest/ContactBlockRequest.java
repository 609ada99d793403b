package dev.winback.rest;

/** Body of {@code POST} and {@code DELETE /customers/{id}/contact-block}. */
public class ContactBlockRequest {
    /** Why the block is set or lifted, in words a colleague understands; kept in the audit trail. */
    public String reason;
}
