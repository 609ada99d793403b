package dev.winback.rest;

import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.SecondChanceAgreement;
import java.util.UUID;
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

/** {@code /api/v1/cases}: recovery cases. Reps see and open only their own. */
@Component(service = CaseResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("cases")
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    @Reference
    RecoveryCaseService cases;

    @Reference
    IdempotentCreations idempotent;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response open(RecoveryCase body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body, () -> {
            RecoveryCase opened = cases.open(body, ActorPrincipal.of(security));
            return Response.created(uri.getAbsolutePathBuilder().path(opened.id.toString()).build())
                    .tag(ETags.of(opened.version)).entity(opened).build();
        });
    }

    @GET
    public Page<RecoveryCase> list(@QueryParam("status") String status, @QueryParam("ownerRep") String ownerRep,
            @QueryParam("lossKind") String lossKind, @QueryParam("lossReason") String lossReason,
            @QueryParam("customerId") String customerId, @QueryParam("strategy") String strategy,
            @QueryParam("overdue") String overdue, @QueryParam("page") String page,
            @QueryParam("size") String size, @Context SecurityContext security) {
        CaseQuery query = new CaseQuery();
        query.status = Params.enumValue("status", status, CaseStatus.class);
        query.ownerRep = Params.text(ownerRep);
        query.lossKind = Params.enumValue("lossKind", lossKind, LossKind.class);
        query.lossReason = Params.text(lossReason);
        query.customerId = Params.uuidQuery("customerId", customerId);
        query.strategy = Params.text(strategy);
        query.overdue = Params.bool("overdue", overdue);
        query.page = Params.integer("page", page, 0);
        query.size = Params.integer("size", size, 20);
        return cases.find(query, ActorPrincipal.of(security));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        UUID caseId = Params.pathId("recovery case", id);
        RecoveryCase found = cases.get(caseId, ActorPrincipal.of(security))
                .orElseThrow(() -> new NotFoundException("No recovery case has id '" + id + "'"));
        return Response.ok(found).tag(ETags.of(found.version)).build();
    }

    @POST
    @Path("{id}/steps/{stepId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response completeStep(@PathParam("id") String id, @PathParam("stepId") String stepId,
            StepCompletion body, @Context SecurityContext security) {
        StepCompletion completion = body == null ? new StepCompletion() : body;
        RecoveryCase after = cases.completeStep(Params.pathId("recovery case", id), Params.pathId("step", stepId),
                completion.outcome, completion.notes, ActorPrincipal.of(security));
        return Response.ok(after).tag(ETags.of(after.version)).build();
    }

    @POST
    @Path("{id}/whys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordWhy(@PathParam("id") String id, CaseWhy body,
            @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey, @Context SecurityContext security,
            @Context UriInfo uri) {
        UUID caseId = Params.pathId("recovery case", id);
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body,
                () -> created(cases.recordWhy(caseId, body, ActorPrincipal.of(security)), uri));
    }

    @POST
    @Path("{id}/agreement")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordAgreement(@PathParam("id") String id, SecondChanceAgreement body,
            @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey, @Context SecurityContext security,
            @Context UriInfo uri) {
        UUID caseId = Params.pathId("recovery case", id);
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body,
                () -> created(cases.recordAgreement(caseId, body, ActorPrincipal.of(security)), uri));
    }

    /** 201 pointing at the case the record was added to, with the case as it is now. */
    private static Response created(RecoveryCase after, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder().path("cases").path(after.id.toString()).build())
                .tag(ETags.of(after.version)).entity(after).build();
    }

    @POST
    @Path("{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response close(@PathParam("id") String id, CaseClosure body, @Context SecurityContext security) {
        CaseClosure closure = body == null ? new CaseClosure() : body;
        RecoveryCase closed = cases.close(Params.pathId("recovery case", id), closure.status, closure.revenue,
                closure.notes, ActorPrincipal.of(security));
        return Response.ok(closed).tag(ETags.of(closed.version)).build();
    }
}
