package dev.winback.bounty.rest;

import dev.winback.api.Actor;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import dev.winback.bounty.ledger.PlanRecalculations;
import dev.winback.bounty.ledger.Recalculation;
import dev.winback.bounty.plan.BountyPlan;
import dev.winback.bounty.plan.BountyPlans;
import java.util.List;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/bounty-plans}: every Winback user reads the plans; managers and admins write, publish and retire
 * them. The ETag of a plan is the version of its newest version's row, which If-Match checks when the draft changes.
 */
@Component(service = BountyPlanResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("bounty-plans")
@Produces(MediaType.APPLICATION_JSON)
public class BountyPlanResource {

    @Reference
    BountyPlans plans;

    @Reference
    IdempotentCreations idempotent;

    @Reference
    PlanRecalculations recalculations;

    @GET
    public List<BountyPlan> list(@Context SecurityContext security) {
        return plans.list(actor(security));
    }

    /** 201 with the plan's first version, a draft; an Idempotency-Key makes a retry create nothing. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(BountyPlan body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        Actor actor = actor(security);
        return idempotent.run(idempotencyKey, actor, uri.getRequestUri().getRawPath(), body, () -> {
            BountyPlan created = plans.create(body, actor);
            return Response.created(uri.getBaseUriBuilder().path("bounty-plans").path(created.id.toString()).build())
                    .tag(tag(created)).entity(created).build();
        });
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        BountyPlan plan = plans.get(RequestParams.pathId("bounty plan", id), actor(security));
        return Response.ok(plan).tag(tag(plan)).build();
    }

    @GET
    @Path("{id}/versions/{version}")
    public BountyPlan version(@PathParam("id") String id, @PathParam("version") String version,
            @Context SecurityContext security) {
        return plans.version(RequestParams.pathId("bounty plan", id), RequestParams.integer("version", version, 0),
                actor(security));
    }

    /** Replaces the draft (or starts a new draft after a published version); If-Match is required (428 without). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            BountyPlan body, @Context SecurityContext security) {
        UUID planId = RequestParams.pathId("bounty plan", id);
        BountyPlan plan = plans.update(planId, body, RequestParams.requiredIfMatchVersion(ifMatch,
                "bounty plan " + planId), actor(security));
        return Response.ok(plan).tag(tag(plan)).build();
    }

    @POST
    @Path("{id}/publish")
    public BountyPlan publish(@PathParam("id") String id, @Context SecurityContext security) {
        return plans.publish(RequestParams.pathId("bounty plan", id), actor(security));
    }

    @POST
    @Path("{id}/retire")
    public BountyPlan retire(@PathParam("id") String id, @Context SecurityContext security) {
        return plans.retire(RequestParams.pathId("bounty plan", id), actor(security));
    }

    /** What publishing the draft would change for the win-backs already calculated under the plan, per rep. */
    @GET
    @Path("{id}/recalculation")
    public Recalculation previewRecalculation(@PathParam("id") String id, @Context SecurityContext security) {
        return recalculations.preview(RequestParams.pathId("bounty plan", id), actor(security));
    }

    /** Confirms a preview by its token: publishes the draft and writes the adjusting entries, or 409. */
    @POST
    @Path("{id}/recalculation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Recalculation applyRecalculation(@PathParam("id") String id, Confirmation body,
            @Context SecurityContext security) {
        return recalculations.apply(RequestParams.pathId("bounty plan", id), body == null ? null : body.token,
                actor(security));
    }

    /** The body that confirms a recalculation preview. */
    static class Confirmation {
        public String token;
    }

    private EntityTag tag(BountyPlan plan) {
        return new EntityTag(Long.toString(plans.etag(plan)));
    }

    private static Actor actor(SecurityContext security) {
        return WinbackRest.actor(security.getUserPrincipal());
    }
}
