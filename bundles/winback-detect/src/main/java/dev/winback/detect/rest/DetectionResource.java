package dev.winback.detect.rest;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.DetectionRequest;
import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionService;
import dev.winback.api.dto.Page;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.WinbackRest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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

/**
 * {@code /api/v1/detection/runs}: score the customer base and open LAPSED cases. A run can take a while on a large
 * base, so it starts in the background (202) and the client follows its {@code Location}. Part of the
 * {@code winback-detect} feature: without it the path is absent (404).
 */
@Component(service = DetectionResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("detection/runs")
@Produces(MediaType.APPLICATION_JSON)
public class DetectionResource {

    @Reference
    DetectionService detection;

    @Reference
    IdempotentCreations idempotent;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(DetectionRequest body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        DetectionRequest request = body == null ? new DetectionRequest() : body;
        return idempotent.run(idempotencyKey, WinbackRest.actor(security.getUserPrincipal()), uri.getRequestUri().getRawPath(), request,
                () -> {
                    DetectionRun run = detection.start(request, WinbackRest.actor(security.getUserPrincipal()));
                    return Response.accepted(run)
                            .location(uri.getAbsolutePathBuilder().path(run.id.toString()).build()).build();
                });
    }

    /** Starts a FAILED run again with its settings on this node: 202, and the client follows it as a new one. */
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id, @Context SecurityContext security, @Context UriInfo uri) {
        DetectionRun run = detection.retry(RequestParams.pathId("detection run", id),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.accepted(run).location(uri.getBaseUriBuilder().path("detection/runs")
                .path(run.id.toString()).build()).build();
    }

    @GET
    public Page<DetectionRun> list(@QueryParam("page") String page, @QueryParam("size") String size,
            @Context SecurityContext security) {
        return detection.list(RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 20), WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id}")
    public DetectionRun get(@PathParam("id") String id, @Context SecurityContext security) {
        return detection.get(RequestParams.pathId("detection run", id), WinbackRest.actor(security.getUserPrincipal()))
                .orElseThrow(() -> new NotFoundException("No detection run has id '" + id + "'"));
    }
}
