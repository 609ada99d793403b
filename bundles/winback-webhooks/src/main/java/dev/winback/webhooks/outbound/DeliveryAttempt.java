package dev.winback.webhooks.outbound;

import java.time.Instant;

/** One HTTP attempt at a delivery, as the delivery log shows it. */
public class DeliveryAttempt {
    public int attempt;
    public Instant attemptedAt;
    /** The receiver's status code; null when no answer came (refused, timed out, blocked by the allow-list). */
    public Integer statusCode;
    public long durationMs;
    /** Why the attempt failed; null when it succeeded. */
    public String error;
    /** The start of the receiver's answer, for debugging their side. */
    public String response;
}
