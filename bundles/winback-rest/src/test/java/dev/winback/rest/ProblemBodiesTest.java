package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.ConflictException;
import dev.winback.api.ExistingCaseException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.TooEarlyException;
import dev.winback.api.TooManyRequestsException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** The problem bodies and headers a client gets for the new refusals: they say what happened and what to do. */
class ProblemBodiesTest {
    private static final Routes CORE = Routes.of(CoreResources.ALL);
    private final ProblemMapper mapper = new ProblemMapper();

    private static JsonNode json(Response response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonMessageBodies().writeTo(response.getEntity(), Problem.class, Problem.class, null,
                MediaType.valueOf(Problem.MEDIA_TYPE), new MultivaluedHashMap<>(), out);
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unprocessableIs422WithTheRequirementNamed() throws IOException {
        Response r = mapper.toResponse(new UnprocessableException("contactBlocked", "the customer asked not to be "
                + "contacted"));
        assertEquals(422, r.getStatus());
        JsonNode body = json(r);
        assertEquals("urn:winback:problem:unprocessable", body.get("type").asText());
        assertEquals("contactBlocked", body.get("errors").get(0).get("field").asText());
        assertEquals(Problem.MEDIA_TYPE, r.getMediaType().toString());
    }

    @Test
    void unknownReferenceAndInvalidInputKeepTheirStatus() {
        assertEquals(422, mapper.toResponse(new UnknownReferenceException("lossReason", "no such code")).getStatus());
        assertEquals(400, mapper.toResponse(new InvalidInputException("name", "is required")).getStatus());
        assertEquals(409, mapper.toResponse(new ConflictException("closed")).getStatus());
    }

    @Test
    void tooEarlyCarriesTheEarliestTimeAndRetryAfterRoundedUp() throws IOException {
        Instant now = Instant.parse("2026-11-23T09:00:00Z");
        Instant earliest = Instant.parse("2026-11-23T10:00:00.250Z");
        Response r = ProblemMapper.tooEarly(new TooEarlyException("Not before 10:00", earliest), "/api/v1/x", now);
        assertEquals(409, r.getStatus());
        assertEquals("3601", r.getHeaderString("Retry-After"));
        JsonNode body = json(r);
        assertEquals("urn:winback:problem:too-early", body.get("type").asText());
        assertEquals("2026-11-23T10:00:00.250Z", body.get("earliest").asText());
        assertEquals(409, body.get("status").asInt());
    }

    @Test
    void tooManyRequestsIs429WithRetryAfter() throws IOException {
        Response r = mapper.toResponse(new TooManyRequestsException("You have 2 imports waiting", 30));
        assertEquals(429, r.getStatus());
        assertEquals("30", r.getHeaderString("Retry-After"));
        JsonNode body = json(r);
        assertEquals("urn:winback:problem:too-many-requests", body.get("type").asText());
        assertEquals("You have 2 imports waiting", body.get("detail").asText());
        assertEquals(Problem.MEDIA_TYPE, r.getMediaType().toString());
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverNegative() {
        Instant now = Instant.parse("2026-11-23T09:00:00Z");
        assertEquals(1, ProblemMapper.retryAfterSeconds(now, now.plusMillis(1)));
        assertEquals(60, ProblemMapper.retryAfterSeconds(now, now.plusSeconds(60)));
        assertEquals(0, ProblemMapper.retryAfterSeconds(now, now.minusSeconds(5)));
        assertEquals(0, ProblemMapper.retryAfterSeconds(now, now));
    }

    @Test
    void existingCaseLinksToTheRunningCase() throws IOException {
        UUID id = UUID.fromString("3f2b6c1e-8a6d-4c1f-9a55-0d2e1c7b9f10");
        Response r = mapper.toResponse(new ExistingCaseException("Customer has a running case", id));
        assertEquals(409, r.getStatus());
        assertEquals("</api/v1/cases/" + id + ">; rel=\"existing\"", r.getHeaderString("Link"));
        JsonNode body = json(r);
        assertEquals("urn:winback:problem:existing-case", body.get("type").asText());
        assertEquals("/api/v1/cases/" + id, body.get("existingCase").asText());
        assertEquals("Customer has a running case", body.get("detail").asText());
    }

    @Test
    void problemsWithoutMembersShowOnlyTheStandardOnes() throws IOException {
        JsonNode body = json(mapper.toResponse(new ConflictException("closed")));
        assertFalse(body.has("earliest"));
        assertFalse(body.has("existingCase"));
        assertEquals("urn:winback:problem:conflict", body.get("type").asText());
    }

    @Test
    void preconditionRequiredSaysToGetTheEtag() throws IOException {
        Response r = Problems.preconditionRequired("a case", "/api/v1/cases/x");
        assertEquals(428, r.getStatus());
        JsonNode body = json(r);
        assertEquals("urn:winback:problem:precondition-required", body.get("type").asText());
        assertTrue(body.get("detail").asText().contains("ETag"), body.toString());
        assertTrue(body.get("detail").asText().contains("GET"), body.toString());
    }

    @Test
    void methodNotAllowedListsTheAllowedMethods() throws IOException {
        // The runtime's Allow lists every method of the application; the answer names this path's.
        Response r = HttpErrorMapper.toProblem(new NotAllowedException("DELETE", new String[] {"GET", "PATCH",
            "POST", "PUT"}), "/api/v1/teams/north", "DELETE", null, "teams/north", CORE);
        assertEquals(405, r.getStatus());
        assertEquals("GET, HEAD, OPTIONS, PUT", r.getHeaderString("Allow"));
        String detail = json(r).get("detail").asText();
        assertTrue(detail.contains("DELETE") && detail.contains("GET, HEAD, OPTIONS, PUT"), detail);
        Response unknownPath = HttpErrorMapper.toProblem(new NotAllowedException("GET", new String[] {"PUT"}),
                "/api/v1/x", "DELETE", null, null, CORE);
        assertEquals("GET, PUT", unknownPath.getHeaderString("Allow"));
    }

    @Test
    void notAcceptableNamesWhatTheApiProduces() throws IOException {
        Response r = HttpErrorMapper.toProblem(new NotAcceptableException(), "/api/v1/cases", "GET", null, "cases", CORE);
        assertEquals(406, r.getStatus());
        JsonNode body = json(r);
        assertTrue(body.get("detail").asText().contains("application/json"), body.toString());
        assertEquals("application/problem+json", body.get("supported").get(1).asText());
    }

    @Test
    void unsupportedMediaTypeSaysWhichContentTypeToSend() throws IOException {
        Response patch = HttpErrorMapper.toProblem(new NotSupportedException(), "/api/v1/cases/x", "PATCH",
                "application/json-patch+json", "cases/x", CORE);
        assertEquals(415, patch.getStatus());
        assertEquals("application/merge-patch+json, application/json", patch.getHeaderString("Accept-Patch"));
        String detail = json(patch).get("detail").asText();
        assertTrue(detail.contains("application/json-patch+json") && detail.contains("application/merge-patch+json"),
                detail);

        Response post = HttpErrorMapper.toProblem(new NotSupportedException(), "/api/v1/customers", "POST",
                "text/plain", "customers", CORE);
        assertEquals("application/json", post.getHeaderString("Accept-Post"));
        assertTrue(json(post).get("detail").asText().contains("send it as application/json"));

        Response upload = HttpErrorMapper.toProblem(new NotSupportedException(), "/api/v1/customers/upload",
                "POST", "image/png", "customers/upload", Routes.of(List.of(RoutesTest.Uploads.class)));
        assertEquals("text/csv, application/gzip", upload.getHeaderString("Accept-Post"));
        assertNull(HttpErrorMapper.toProblem(new NotSupportedException(), "/api/v1/x", "PUT", null, "x", CORE)
                .getHeaderString("Accept-Post"));
    }

    @Test
    void allowedMethodsComeFromTheHeaderWhenTheRuntimeSetOnlyThat() {
        Response original = Response.status(405).header("Allow", "put,get").build();
        assertEquals(Set.of("GET", "PUT"), HttpErrorMapper.allowedMethods(original));
    }
}
