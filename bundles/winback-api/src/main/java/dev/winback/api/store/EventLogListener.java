package dev.winback.api.store;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told by the store, on the node where it happened, that a transaction which wrote events has committed: the event
 * dispatcher delivers at once instead of at its next look at the log, which keeps the delay from a change to its
 * subscribers short. Other nodes still find the events by looking; this is a shortcut, not a guarantee.
 */
@ConsumerType
public interface EventLogListener {

    /**
     * Events were committed just now. Called on the committing thread, after the commit: return quickly, never
     * throw, do the work elsewhere.
     */
    void eventsCommitted();
}
