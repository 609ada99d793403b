package dev.winback.api.event;

import java.time.Instant;

/** One entry of the event log. */
public class WinbackEvent {
    /** Position in the log; ascending in the order entries were written (not always the order they committed). */
    public long id;
    /** One of {@link EventTypes}, e.g. {@code case.closed}. */
    public String type;
    public Instant occurredAt;
    /** {@code case}, {@code step}, {@code customer}, {@code purchase} or {@code import}. */
    public String entityType;
    public String entityId;
    /** Who made the change: a user, or {@code system:...} for Winback's own work. */
    public String actor;
    /** The entity after the change as JSON, in the shape the REST API shows it. */
    public String payload;
}
