package dev.winback.api.event;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import org.osgi.annotation.versioning.ProviderType;

/** The event log as admins read it. */
@ProviderType
public interface EventLog {

    /**
     * Events after the query's cursor, oldest first.
     *
     * @throws AccessDeniedException the actor is not an admin
     * @throws InvalidInputException a limit out of range, an unknown type
     */
    EventPage read(EventQuery query, Actor actor);
}
