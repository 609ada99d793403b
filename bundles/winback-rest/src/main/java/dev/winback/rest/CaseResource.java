package dev.winback.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.NotFoundException;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.CaseWhy;
import dev.winback.api.dto.LossKind;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.SecondChanceAgreement;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(),
                fingerprinted(body), () -> {
            RecoveryCase opened = cases.open(body, ActorPrincipal.of(security));
            return Response.created(uri.getAbsolutePathBuilder().path(opened.id.toString()).build())
                    .tag(ETags.of(opened.version)).entity(opened).build();
        });
    }

    /**
     * What identifies an opening request for Idempotency-Key: the case as written, plus the input-only flags,
     * which the case's JSON does not show.
     */
    static Object fingerprinted(RecoveryCase body) {
        if (body == null || body.parallel == null && body.force == null) {
            return body;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("case", body);
        request.put("parallel", body.parallel);
        request.put("force", body.force);
        return request;
    }

    @GET
    public Page<RecoveryCase> list(@QueryParam("status") String status, @QueryParam("ownerRep") String ownerRep,
            @QueryParam("lossKind") String lossKind, @QueryParam("lossReason") String lossReason,
            @QueryParam("customerId") String customerId, @QueryParam("strategy") String strategy,
            @QueryParam("overdue") String overdue, @QueryParam("page") String page,
            @QueryParam("size") String size, @Context SecurityContext security) {
        CaseQuery query = new CaseQuery();
        query.status = RequestParams.enumValue("status", status, CaseStatus.class);
        query.ownerRep = RequestParams.text(ownerRep);
        query.lossKind = RequestParams.enumValue("lossKind", lossKind, LossKind.class);
        query.lossReason = RequestParams.text(lossReason);
        query.customerId = RequestParams.uuidQuery("customerId", customerId);
        query.strategy = RequestParams.text(strategy);
        query.overdue = RequestParams.bool("overdue", overdue);
        query.page = RequestParams.integer("page", page, 0);
        query.size = RequestParams.integer("size", size, 20);
        return cases.find(query, ActorPrincipal.of(security));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        UUID caseId = RequestParams.pathId("recovery case", id);
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
        RecoveryCase after = cases.completeStep(RequestParams.pathId("recovery case", id), RequestParams.pathId("step", stepId),
                completion.outcome, completion.notes, completion.closure(), ActorPrincipal.of(security));
        return Response.ok(after).tag(ETags.of(after.version)).build();
    }

    @POST
    @Path("{id}/whys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordWhy(@PathParam("id") String id, CaseWhy body,
            @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey, @Context SecurityContext security,
            @Context UriInfo uri) {
        UUID caseId = RequestParams.pathId("recovery case", id);
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body,
                () -> created(cases.recordWhy(caseId, body, ActorPrincipal.of(security)), uri));
    }

    @POST
    @Path("{id}/agreement")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response recordAgreement(@PathParam("id") String id, SecondChanceAgreement body,
            @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey, @Context SecurityContext security,
            @Context UriInfo uri) {
        UUID caseId = RequestParams.pathId("recovery case", id);
        return idempotent.run(idempotencyKey, ActorPrincipal.of(security), uri.getRequestUri().getRawPath(), body,
                () -> created(cases.recordAgreement(caseId, body, ActorPrincipal.of(security)), uri));
    }

    /** 201 pointing at the case the record was added to, with the case as it is now. */
    private static Response created(RecoveryCase after, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder().path("cases").path(after.id.toString()).build())
                .tag(ETags.of(after.version)).entity(after).build();
    }

    /**
     * Closes the case. If-Match is optional: with it a stale version is a 412; without it a close that loses a
     * race against another change is a 409 (someone else got there first).
     */
    @POST
    @Path("{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response close(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            CaseClosure body, @Context SecurityContext security) {
        UUID caseId = RequestParams.pathId("recovery case", id);
        CaseClosure closure = body == null ? new CaseClosure() : body;
        RecoveryCase closed = cases.close(caseId, closure, RequestParams.ifMatchVersion(ifMatch),
                ActorPrincipal.of(security));
        return Response.ok(closed).tag(ETags.of(closed.version)).build();
    }

    /**
     * Corrects owner, loss reason or notes with a JSON Merge Patch. If-Match is required (428 without it), so a
     * correction never overwrites a change its author has not seen.
     */
    @PATCH
    @Path("{id}")
    @Consumes({HttpErrorMapper.MERGE_PATCH, MediaType.APPLICATION_JSON})
    public Response correct(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            JsonNode body, @Context SecurityContext security, @Context UriInfo uri) {
        UUID caseId = RequestParams.pathId("recovery case", id);
        Long expected = RequestParams.ifMatchVersion(ifMatch);
        if (expected == null) {
            return Problems.preconditionRequired("a case", uri.getRequestUri().getRawPath());
        }
        RecoveryCase after = cases.correct(caseId, CasePatch.parse(body), expected, ActorPrincipal.of(security));
        return Response.ok(after).tag(ETags.of(after.version)).build();
    }
}
