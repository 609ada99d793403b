package dev.winback.rest;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.ExistingCaseException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.PayloadTooLargeException;
import dev.winback.api.PreconditionRequiredException;
import dev.winback.api.TooEarlyException;
import dev.winback.api.TooManyRequestsException;
import dev.winback.api.UnauthenticatedException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.VersionMismatchException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception that leaves a resource into problem+json. Client mistakes get a 4xx with a message a
 * person can act on; anything else is our bug, logged with a reference the user can quote, and never shown.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    /** Where the API lives when the request cannot tell (no request context). */
    static final String DEFAULT_BASE = "/" + WinbackApplication.BASE + "/";

    @Reference
    ResourceCatalog catalog;

    @Context
    UriInfo uriInfo;

    @Context
    Request request;

    @Context
    HttpHeaders headers;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public Response toResponse(Throwable e) {
        String instance = instance();
        if (e instanceof UnknownReferenceException) {
            return Problems.response(422, "unknown-reference", "Unknown reference", e.getMessage(), instance,
                    errors((InvalidInputException) e));
        }
        if (e instanceof UnprocessableException) {
            return Problems.response(422, "unprocessable", "Unprocessable request", e.getMessage(), instance,
                    errors((InvalidInputException) e));
        }
        if (e instanceof InvalidInputException) {
            return Problems.response(400, "invalid-input", "Invalid input", e.getMessage(), instance,
                    errors((InvalidInputException) e));
        }
        if (e instanceof NotFoundException) {
            return Problems.response(404, "not-found", "Not found", e.getMessage(), instance, null);
        }
        if (e instanceof TooEarlyException) {
            return tooEarly((TooEarlyException) e, instance, Instant.now());
        }
        if (e instanceof ExistingCaseException) {
            return existingCase((ExistingCaseException) e, instance, basePath());
        }
        if (e instanceof ConflictException) {
            return Problems.response(409, "conflict", "Conflict", e.getMessage(), instance, null);
        }
        if (e instanceof VersionMismatchException) {
            return Problems.response(412, "version-mismatch", "Precondition failed", e.getMessage()
                    + "; GET the resource again and apply your change to version "
                    + ((VersionMismatchException) e).currentVersion(), instance, null);
        }
        if (e instanceof PreconditionRequiredException) {
            return Problems.response(428, "precondition-required", "Precondition required", e.getMessage(), instance,
                    null);
        }
        if (e instanceof PayloadTooLargeException) {
            return Problems.bodyTooLarge(e.getMessage(), instance);
        }
        if (e instanceof TooManyRequestsException) {
            return tooManyRequests((TooManyRequestsException) e, instance);
        }
        if (e instanceof UnauthenticatedException) {
            // No WWW-Authenticate: the sender proves itself by a signature, not by credentials it could be asked for.
            return Problems.response(401, "unauthenticated", "Unauthenticated", e.getMessage(), instance, null);
        }
        if (e instanceof AccessDeniedException) {
            return Problems.response(403, "forbidden", "Forbidden", e.getMessage(), instance, null);
        }
        if (e instanceof WebApplicationException) {
            return HttpErrorMapper.toProblem((WebApplicationException) e, instance, HttpErrorMapper.method(request),
                    HttpErrorMapper.contentType(headers), HttpErrorMapper.path(uriInfo), catalog.routes());
        }
        int cutOff = RequestBodyFailure.status(e);
        if (cutOff != 0) {
            // The client's body stalled or dripped: one line, no stack trace, and the connection is not reused.
            LOG.info("Request body of {} not read: {} ({})", instance, cutOff, e.getMessage());
            StalledInput.fail(servletRequest, new java.util.concurrent.TimeoutException("request body cut off"));
            return bodyNotRead(cutOff, instance);
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Unexpected error answering {} (reference {})", instance, reference, e);
        return Problems.response(500, "internal-error", "Internal server error",
                "Something went wrong on our side; quote reference " + reference + " to your administrator",
                instance, null);
    }

    /** 408 for a body that stalled or arrived too slowly; another 4xx Jetty chose for a body it could not read. */
    static Response bodyNotRead(int status, String instance) {
        Response problem = status == 408
                ? Problems.response(408, "request-timeout", "Request timeout",
                        "The request body did not arrive in time; send it again without pausing", instance, null)
                : Problems.response(status, "bad-request", "Bad request", "The request body could not be read",
                        instance, null);
        return Response.fromResponse(problem).header("Connection", "close").build();
    }

    /**
     * 409 for a step completed before its notBefore: the problem says when ({@code earliest}, an ISO-8601
     * instant) and {@code Retry-After} how many seconds are left, rounded up.
     */
    static Response tooEarly(TooEarlyException e, String instance, Instant now) {
        Instant earliest = e.earliest();
        Response problem = Problems.response(409, "too-early", "Too early", e.getMessage(), instance, null,
                earliest == null ? Map.of() : Map.of("earliest", earliest.toString()));
        if (earliest == null) {
            return problem;
        }
        return Response.fromResponse(problem).header("Retry-After", Long.toString(retryAfterSeconds(now, earliest)))
                .build();
    }

    /** 429 for a caller with as much work queued as it may have: {@code Retry-After} says when to try again. */
    static Response tooManyRequests(TooManyRequestsException e, String instance) {
        return Problems.tooManyRequests("too-many-requests", "Too many requests", e.getMessage(), instance,
                e.retryAfterSeconds());
    }

    /** Whole seconds from {@code now} to {@code earliest}, rounded up; 0 once it has passed. */
    static long retryAfterSeconds(Instant now, Instant earliest) {
        Duration left = Duration.between(now, earliest);
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    }

    /** 409 for a second running case: the problem and a {@code Link} header point at the case that runs. */
    static Response existingCase(ExistingCaseException e, String instance, String basePath) {
        UUID existing = e.existingCaseId();
        if (existing == null) {
            return Problems.response(409, "existing-case", "Case already running", e.getMessage(), instance, null);
        }
        String path = basePath + "cases/" + existing;
        Response problem = Problems.response(409, "existing-case", "Case already running", e.getMessage(),
                instance, null, Map.of("existingCase", path));
        return Response.fromResponse(problem).header("Link", "<" + path + ">; rel=\"existing\"").build();
    }

    /** The API's base path, such as {@code /api/v1/}, ending in a slash. */
    private String basePath() {
        try {
            String base = uriInfo == null ? null : uriInfo.getBaseUri().getRawPath();
            if (base == null || base.isEmpty()) {
                return DEFAULT_BASE;
            }
            return base.endsWith("/") ? base : base + "/";
        } catch (RuntimeException e) {
            return DEFAULT_BASE;
        }
    }

    private String instance() {
        try {
            return uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<Problem.FieldError> errors(InvalidInputException e) {
        return e.problems().stream().map(p -> new Problem.FieldError(p.field(), p.message()))
                .collect(Collectors.toList());
    }
}
