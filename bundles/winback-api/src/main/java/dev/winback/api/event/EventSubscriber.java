package dev.winback.api.event;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A module that reacts to what happens (reputation, bounties, webhooks, a host connector), registered as an OSGi
 * service with the property {@value #NAME_PROPERTY} equal to {@link #name()}. The engine keeps each subscriber's
 * position in the event log in the database: delivery is at least once and in log order (so in order per entity),
 * one node at a time; an event that keeps failing is set aside as a dead letter an admin can replay. A subscriber
 * whose bundle was away picks up where it stopped.
 *
 * <p>Because delivery is at least once, {@link #onEvent} must be idempotent: the same event id may come twice.
 */
@ConsumerType
public interface EventSubscriber {

    /** Service property that carries {@link #name()}. */
    String NAME_PROPERTY = "winback.subscriber.name";

    /** The stable key of the subscriber's position: lower-case letters, digits and dashes; never change it. */
    String name();

    /** The event types it wants; empty for all. Others are skipped without calling it. */
    Set<String> types();

    /**
     * Handles one event. Returning means done; throwing means try again later (with backoff), and after the
     * configured number of attempts the event becomes a dead letter and delivery moves on.
     */
    void onEvent(WinbackEvent event) throws Exception;
}
