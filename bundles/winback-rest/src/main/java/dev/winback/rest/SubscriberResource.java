package dev.winback.rest;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.event.DeadLetter;
import dev.winback.api.event.SubscriberStatus;
import dev.winback.api.event.Subscribers;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/subscribers}: the durable event subscribers (admins only). Each has its own position in the event
 * log; an event it kept failing on is set aside as a dead letter, which an admin reads here and puts back for
 * delivery with a replay.
 */
@Component(service = SubscriberResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("subscribers")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriberResource {

    @Reference
    Subscribers subscribers;

    /** Every subscriber with a position in the log, installed on this node or not, by name. */
    @GET
    public List<SubscriberStatus> list(@Context SecurityContext security) {
        return subscribers.list(admin(security));
    }

    /** The events the subscriber kept failing on, oldest first, each with the event as the log holds it. */
    @GET
    @Path("{name}/dead-letters")
    public List<DeadLetter> deadLetters(@PathParam("name") String name, @Context SecurityContext security) {
        return subscribers.deadLetters(name, admin(security));
    }

    /**
     * Puts the subscriber's dead letters back for delivery, ahead of new events: {@code {"replayed": n}}. No body;
     * one that is sent anyway is ignored. Replaying a subscriber without dead letters replays nothing (0).
     */
    @POST
    @Path("{name}/replay")
    public Map<String, Integer> replay(@PathParam("name") String name, @Context SecurityContext security) {
        return Map.of("replayed", subscribers.replay(name, admin(security)));
    }

    /**
     * The caller, who must be an admin. Checked here as well as in the service so that a non-admin learns nothing
     * about which subscriber names exist (403 before 404).
     */
    private static Actor admin(SecurityContext security) {
        Actor actor = ActorPrincipal.of(security);
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("Event subscribers are managed by admins (role winback-admin)");
        }
        return actor;
    }
}
