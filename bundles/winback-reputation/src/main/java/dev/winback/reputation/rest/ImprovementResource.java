package dev.winback.reputation.rest;

import dev.winback.api.Actor;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import dev.winback.api.dto.Page;
import dev.winback.reputation.improvement.Improvement;
import dev.winback.reputation.improvement.ImprovementNotification.NotificationStatus;
import dev.winback.reputation.improvement.ImprovementStatus;
import dev.winback.reputation.improvement.Improvements;
import dev.winback.reputation.improvement.NotificationPage;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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
 * {@code /api/v1/improvements}: "You Said, We Did". Managers and admins record, change (drafts only, under If-Match)
 * and publish improvements and see whom they reached; reps read the published ones. The ETag is the row version.
 */
@Component(service = ImprovementResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("improvements")
@Produces(MediaType.APPLICATION_JSON)
public class ImprovementResource {

    @Reference
    Improvements improvements;

    @Reference
    IdempotentCreations idempotent;

    /** Newest first; {@code caseId} lists what a case's You-Said-We-Did step recorded. */
    @GET
    public Page<Improvement> list(@QueryParam("status") String status, @QueryParam("lossReason") String lossReason,
            @QueryParam("caseId") String caseId, @QueryParam("page") String page, @QueryParam("size") String size,
            @Context SecurityContext security) {
        return improvements.list(RequestParams.enumValue("status", status, ImprovementStatus.class),
                RequestParams.text(lossReason), RequestParams.uuidQuery("caseId", caseId),
                RequestParams.integer("page", page, 0), RequestParams.integer("size", size, 50), actor(security));
    }

    /** 201 with the draft; an Idempotency-Key makes a retry create nothing. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Improvement body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        Actor actor = actor(security);
        return idempotent.run(idempotencyKey, actor, uri.getRequestUri().getRawPath(), body, () -> {
            Improvement created = improvements.create(body, actor);
            return Response.created(uri.getBaseUriBuilder().path("improvements").path(created.id.toString())
                    .build()).tag(tag(created)).entity(created).build();
        });
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        return ok(improvements.get(RequestParams.pathId("improvement", id), actor(security)));
    }

    /** Rewrites a draft. If-Match is required (428 without it); a published improvement never changes (409). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            Improvement body, @Context SecurityContext security, @Context UriInfo uri) {
        UUID improvementId = RequestParams.pathId("improvement", id);
        Long expected = RequestParams.requiredIfMatchVersion(ifMatch, "improvement " + improvementId);
        Actor actor = actor(security);
        // If-Match: * asks for whatever version is current.
        long version = expected != null ? expected : improvements.get(improvementId, actor).rowVersion;
        return ok(improvements.update(improvementId, body, version, actor));
    }

    /** Publishes the draft and tells the customers who raised its reasons; 409 when published already. */
    @POST
    @Path("{id}/publish")
    public Response publish(@PathParam("id") String id, @Context SecurityContext security) {
        return ok(improvements.publish(RequestParams.pathId("improvement", id), actor(security)));
    }

    /** Each customer told (or skipped under a contact block), with re-engagement and the totals. */
    @GET
    @Path("{id}/notifications")
    public NotificationPage notifications(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("page") String page, @QueryParam("size") String size, @Context SecurityContext security) {
        return improvements.notifications(RequestParams.pathId("improvement", id), RequestParams.enumValue("status",
                status, NotificationStatus.class), RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 50), actor(security));
    }

    private static Response ok(Improvement improvement) {
        return Response.ok(improvement).tag(tag(improvement)).build();
    }

    private static EntityTag tag(Improvement improvement) {
        return new EntityTag(Long.toString(improvement.rowVersion));
    }

    private static Actor actor(SecurityContext security) {
        return WinbackRest.actor(security.getUserPrincipal());
    }
}
