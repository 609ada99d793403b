package dev.winback.api.event;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.NotFoundException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The subscribers as admins see and steer them. */
@ProviderType
public interface Subscribers {

    /**
     * Every subscriber with a position (installed or not), by name.
     *
     * @throws AccessDeniedException the actor is not an admin
     */
    List<SubscriberStatus> list(Actor actor);

    /** @throws NotFoundException no subscriber has that name */
    List<DeadLetter> deadLetters(String name, Actor actor);

    /**
     * Puts the subscriber's dead letters back for delivery, oldest first, ahead of new events; returns how many.
     *
     * @throws NotFoundException no subscriber has that name
     */
    int replay(String name, Actor actor);
}
