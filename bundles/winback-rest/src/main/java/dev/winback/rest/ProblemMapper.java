package dev.winback.rest;

import dev.winback.api.AccessDeniedException;
import dev.winback.api.ConflictException;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnknownReferenceException;
import dev.winback.api.VersionMismatchException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
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

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable e) {
        String instance = instance();
        if (e instanceof UnknownReferenceException) {
            return Problems.response(422, "unknown-reference", "Unknown reference", e.getMessage(), instance,
                    errors((InvalidInputException) e));
        }
        if (e instanceof InvalidInputException) {
            return Problems.response(400, "invalid-input", "Invalid input", e.getMessage(), instance,
                    errors((InvalidInputException) e));
        }
        if (e instanceof NotFoundException) {
            return Problems.response(404, "not-found", "Not found", e.getMessage(), instance, null);
        }
        if (e instanceof ConflictException) {
            return Problems.response(409, "conflict", "Conflict", e.getMessage(), instance, null);
        }
        if (e instanceof VersionMismatchException) {
            return Problems.response(412, "version-mismatch", "Precondition failed", e.getMessage()
                    + "; GET the resource again and apply your change to version "
                    + ((VersionMismatchException) e).currentVersion(), instance, null);
        }
        if (e instanceof AccessDeniedException) {
            return Problems.response(403, "forbidden", "Forbidden", e.getMessage(), instance, null);
        }
        if (e instanceof WebApplicationException) {
            return HttpErrorMapper.toProblem((WebApplicationException) e, instance);
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Unexpected error answering {} (reference {})", instance, reference, e);
        return Problems.response(500, "internal-error", "Internal server error",
                "Something went wrong on our side; quote reference " + reference + " to your administrator",
                instance, null);
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
