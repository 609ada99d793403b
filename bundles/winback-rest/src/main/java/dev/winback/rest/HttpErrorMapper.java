package dev.winback.rest;

import java.util.List;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Problem+json for the errors the JAX-RS runtime raises itself (no such path, wrong method, wrong content type).
 * Needed beside {@link ProblemMapper} because the runtime's own mapper for WebApplicationException is more
 * specific than a mapper for Throwable.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException e) {
        String instance = null;
        try {
            instance = uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException ignored) {
            // no request context: leave instance out
        }
        return toProblem(e, instance);
    }

    static Response toProblem(WebApplicationException e, String instance) {
        if (e instanceof BadJsonException) {
            BadJsonException b = (BadJsonException) e;
            String detail = b.field() == null ? b.getMessage() : b.field() + ": " + b.getMessage();
            return Problems.response(400, "invalid-json", "Invalid JSON body", detail, instance,
                    b.field() == null ? null : List.of(new Problem.FieldError(b.field(), b.getMessage())));
        }
        if (e instanceof BodyTooLargeException) {
            return Problems.response(413, "body-too-large", "Request body too large",
                    e.getMessage(), instance, null);
        }
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        String detail;
        if (e instanceof NotAllowedException) {
            detail = "This resource does not support that HTTP method; it allows " + original.getAllowedMethods();
        } else if (e instanceof NotSupportedException) {
            detail = "This resource does not accept a body of that Content-Type; /api/v1/openapi.json lists what "
                    + "each resource accepts (JSON bodies are application/json)";
        } else if (e instanceof NotAcceptableException) {
            detail = "This API answers application/json (errors: application/problem+json)";
        } else if (status == 404) {
            detail = "There is nothing at " + instance + "; see /api/v1/openapi.json for the API";
        } else {
            detail = status >= 500 ? "The server could not answer the request" : e.getMessage();
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        Response problem = Problems.response(status, "http-" + status, title, detail, instance, null);
        if (original != null && original.getHeaderString("Allow") != null) {
            return Response.fromResponse(problem).header("Allow", original.getHeaderString("Allow")).build();
        }
        return problem;
    }
}
