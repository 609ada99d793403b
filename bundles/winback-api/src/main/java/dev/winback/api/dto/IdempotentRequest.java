package dev.winback.api.dto;

import java.time.Instant;

/**
 * A creating request remembered under its {@code Idempotency-Key}: what was asked (as a fingerprint) and, once it
 * finished, what was answered, so that a retry gets the same answer instead of creating a second entity.
 */
public class IdempotentRequest {
    /** User who sent the request; keys are scoped per user. */
    public String actor;
    public String key;
    /** Hash of method, path and body; the same key with another fingerprint is a client bug. */
    public String fingerprint;
    public Instant createdAt;
    /** False while the first request is still being processed. */
    public boolean completed;
    /** HTTP status of the answer; meaningful once completed. */
    public int status;
    public String location;
    public String etag;
    /** JSON body of the answer. */
    public String body;
}
