package dev.winback.reputation.rest;

import dev.winback.api.Actor;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import dev.winback.reputation.timeline.Advocacy;
import dev.winback.reputation.timeline.AdvocacyEvent;
import dev.winback.reputation.timeline.ReputationTimeline;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/v1/reputation/customers/{id}}: a customer's reputation timeline, and the advocacy recorded for them. */
@Component(service = ReputationResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("reputation/customers")
@Produces(MediaType.APPLICATION_JSON)
public class ReputationResource {

    @Reference
    ReputationTimeline timeline;

    @Reference
    Advocacy advocacy;

    @Reference
    IdempotentCreations idempotent;

    @GET
    @Path("{id}")
    public ReputationTimeline.View timeline(@PathParam("id") String id, @Context SecurityContext security) {
        return timeline.of(RequestParams.pathId("customer", id), WinbackRest.actor(security.getUserPrincipal()));
    }

    /** 201 with the event; an Idempotency-Key makes a retry record nothing twice. */
    @POST
    @Path("{id}/advocacy")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordAdvocacy(@PathParam("id") String id, AdvocacyEvent body,
            @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey, @Context SecurityContext security,
            @Context UriInfo uri) {
        UUID customer = RequestParams.pathId("customer", id);
        Actor actor = WinbackRest.actor(security.getUserPrincipal());
        return idempotent.run(idempotencyKey, actor, uri.getRequestUri().getRawPath(), body, () -> {
            AdvocacyEvent recorded = advocacy.record(customer, body, actor);
            return Response.created(uri.getBaseUriBuilder().path("reputation").path("customers")
                    .path(customer.toString()).build()).entity(recorded).build();
        });
    }
}
