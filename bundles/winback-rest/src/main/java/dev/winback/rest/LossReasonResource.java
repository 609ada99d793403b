package dev.winback.rest;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.LossReasonService;
import dev.winback.api.NotFoundException;
import dev.winback.api.dto.LossReason;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
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

/** {@code /api/v1/loss-reasons}: the admin-editable list of why customers were lost. */
@Component(service = LossReasonResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("loss-reasons")
@Produces(MediaType.APPLICATION_JSON)
public class LossReasonResource {

    @Reference
    LossReasonService reasons;

    @Reference
    IdempotentCreations idempotent;

    @GET
    public List<LossReason> list() {
        return reasons.list();
    }

    @GET
    @Path("{code}")
    public Response get(@PathParam("code") String code) {
        LossReason reason = reasons.get(code)
                .orElseThrow(() -> new NotFoundException("No loss reason has code '" + code + "'"));
        return Response.ok(reason).tag(ETags.of(reason.version)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(LossReason body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body, () -> {
            LossReason created = reasons.create(body, ActorPrincipal.of(security));
            return Response.created(uri.getAbsolutePathBuilder().path(created.code).build())
                    .tag(ETags.of(created.version)).entity(created).build();
        });
    }

    @PUT
    @Path("{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("code") String code, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            LossReason body, @Context SecurityContext security) {
        Actor actor = ActorPrincipal.of(security);
        if (!actor.isAdmin()) {
            // the role decides before the precondition: a missing If-Match must not hint that a retry could succeed
            throw new AccessDeniedException("Only a winback-admin may change the loss-reason list");
        }
        LossReason updated = reasons.update(code, body,
                RequestParams.requiredIfMatchVersion(ifMatch, "loss reason '" + code + "'"), actor);
        return Response.ok(updated).tag(ETags.of(updated.version)).build();
    }

    @DELETE
    @Path("{code}")
    public Response delete(@PathParam("code") String code, @Context SecurityContext security) {
        reasons.delete(code, ActorPrincipal.of(security));
        return Response.noContent().build();
    }
}
