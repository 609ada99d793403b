package dev.winback.reputation.rest;

import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.PayloadTooLargeException;
import dev.winback.api.dto.Page;
import dev.winback.api.rest.BoundedInputStream;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.StreamedBody;
import dev.winback.api.rest.WinbackRest;
import dev.winback.reputation.survey.SurveyImports;
import dev.winback.reputation.survey.SurveyInvitation;
import dev.winback.reputation.survey.SurveyResponse;
import dev.winback.reputation.survey.Surveys;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
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

/**
 * {@code /api/v1/surveys}: answers (recorded, imported, corrected, never deleted) and invitations. Every Winback
 * user records and reads answers; managers and admins import, correct and invite by hand.
 */
@Component(service = SurveyResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("surveys")
@Produces(MediaType.APPLICATION_JSON)
public class SurveyResource {
    static final String NDJSON = "application/x-ndjson";
    /** The largest import file. */
    static final long MAX_IMPORT_BYTES = 32L << 20;

    @Reference
    Surveys surveys;

    @Reference
    SurveyImports imports;

    @Reference
    IdempotentCreations idempotent;

    @POST
    @Path("responses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response record(SurveyResponse body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        Actor actor = actor(security);
        return idempotent.run(idempotencyKey, actor, uri.getRequestUri().getRawPath(), body, () -> {
            SurveyResponse recorded = surveys.record(body, actor);
            return Response.created(uri.getBaseUriBuilder().path("surveys").path("responses")
                    .path(recorded.id.toString()).build()).entity(recorded).build();
        });
    }

    @GET
    @Path("responses")
    public Page<SurveyResponse> responses(@QueryParam("customerId") String customerId,
            @QueryParam("caseId") String caseId, @QueryParam("page") String page, @QueryParam("size") String size,
            @Context SecurityContext security) {
        return surveys.responses(RequestParams.uuidQuery("customerId", customerId),
                RequestParams.uuidQuery("caseId", caseId), RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 50), actor(security));
    }

    @GET
    @Path("responses/{id}")
    public SurveyResponse response(@PathParam("id") String id, @Context SecurityContext security) {
        return surveys.response(RequestParams.pathId("survey answer", id), actor(security));
    }

    /** A correction: a new answer that replaces the one in the path in the figures; both stay on record. */
    @POST
    @Path("responses/{id}/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response correct(@PathParam("id") String id, Surveys.Correction body, @Context SecurityContext security,
            @Context UriInfo uri) {
        SurveyResponse correction = surveys.correct(RequestParams.pathId("survey answer", id), body,
                actor(security));
        return Response.created(uri.getBaseUriBuilder().path("surveys").path("responses")
                .path(correction.id.toString()).build()).entity(correction).build();
    }

    /** A CSV file with a header line, or JSON lines: all of it is imported, or (with the bad lines named) none. */
    @POST
    @Path("imports")
    @StreamedBody
    @Consumes({"text/csv", NDJSON, "application/jsonl"})
    public Response importAnswers(InputStream body, @Context HttpHeaders headers, @Context SecurityContext security)
            throws IOException {
        if (headers.getLength() > MAX_IMPORT_BYTES) {
            throw tooLarge();
        }
        MediaType type = headers.getMediaType();
        SurveyImports.Format format = type != null && type.getSubtype().toLowerCase(Locale.ROOT).equals("csv")
                ? SurveyImports.Format.CSV : SurveyImports.Format.JSON_LINES;
        // Strict UTF-8: a file in another encoding is refused rather than imported with its accents garbled.
        InputStreamReader reader = new InputStreamReader(new BoundedInputStream(body, MAX_IMPORT_BYTES),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        try {
            return Response.ok(imports.importAnswers(reader, format, actor(security))).build();
        } catch (BoundedInputStream.LimitReached e) {
            throw tooLarge();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("file", "is not UTF-8 text; save it as UTF-8 and send it again");
        }
    }

    @GET
    @Path("invitations")
    public Page<SurveyInvitation> invitations(@QueryParam("customerId") String customerId,
            @QueryParam("caseId") String caseId, @QueryParam("page") String page, @QueryParam("size") String size,
            @Context SecurityContext security) {
        return surveys.invitations(RequestParams.uuidQuery("customerId", customerId),
                RequestParams.uuidQuery("caseId", caseId), RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 50), actor(security));
    }

    /** A manager's invitation, sent at once; the answer carries its link. */
    @POST
    @Path("invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(Surveys.Invite body, @HeaderParam(IdempotentCreations.HEADER) String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        Actor actor = actor(security);
        return idempotent.run(idempotencyKey, actor, uri.getRequestUri().getRawPath(), body, () -> {
            SurveyInvitation sent = surveys.invite(body, actor);
            return Response.status(Response.Status.CREATED).entity(sent).build();
        });
    }

    private static PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException(MAX_IMPORT_BYTES, "A survey import may hold up to "
                + (MAX_IMPORT_BYTES >> 20) + " MiB and " + SurveyImports.MAX_LINES + " answers: split the file");
    }

    private static Actor actor(SecurityContext security) {
        return WinbackRest.actor(security.getUserPrincipal());
    }
}
