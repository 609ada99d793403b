package dev.winback.api.event;

import java.time.Instant;

/** Where a subscriber stands in the log. */
public class SubscriberStatus {
    public String name;
    /** Whether its service is registered on this node now. */
    public boolean installed;
    /** The id of the last event it has taken care of (delivered, skipped or set aside). */
    public long position;
    /** How many events of the log lie beyond its position. */
    public long behind;
    /** The event being retried, with its attempts and next try; null when none is failing. */
    public Long retrying;
    public int attempts;
    public Instant nextAttemptAt;
    public String lastError;
    /** Dead letters waiting for an admin. */
    public long deadLetters;
    /** The node delivering to it, and until when its lease runs. */
    public String leaseHolder;
    public Instant leaseUntil;
}
