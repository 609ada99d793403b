package dev.winback.rest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;

/**
 * Problem+json for the errors the JAX-RS runtime raises itself (no such path, wrong method, wrong content type).
 * Needed beside {@link ProblemMapper} because the runtime's own mapper for WebApplicationException is more
 * specific than a mapper for Throwable. Each answer says what to send instead: 405 the methods the path allows
 * (also in {@code Allow}), 406 the media types the API produces, 415 the content type to send (also in
 * {@code Accept-Patch} or {@code Accept-Post}).
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {
    static final String MERGE_PATCH = "application/merge-patch+json";
    /** What the API answers with: JSON, and problem+json for errors. */
    static final List<String> PRODUCED = List.of(MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE);

    @Reference
    ResourceCatalog catalog;

    @Context
    UriInfo uriInfo;

    @Context
    Request request;

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(WebApplicationException e) {
        String instance = null;
        try {
            instance = uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException ignored) {
            // no request context: leave instance out
        }
        return toProblem(e, instance, method(request), contentType(headers), path(uriInfo), catalog.routes());
    }

    static Response toProblem(WebApplicationException e, String instance) {
        return toProblem(e, instance, null, null, null, Routes.NONE);
    }

    /**
     * @param method the request's HTTP method, or null when unknown
     * @param contentType the Content-Type the client sent, or null
     * @param path the request's path relative to the API's base, or null when unknown
     * @param routes the API's routes as registered now
     */
    static Response toProblem(WebApplicationException e, String instance, String method, String contentType,
            String path, Routes routes) {
        if (e instanceof BadJsonException) {
            BadJsonException b = (BadJsonException) e;
            String detail = b.field() == null ? b.getMessage() : b.field() + ": " + b.getMessage();
            return Problems.response(400, "invalid-json", "Invalid JSON body", detail, instance,
                    b.field() == null ? null : List.of(new Problem.FieldError(b.field(), b.getMessage())));
        }
        if (e instanceof BodyTooLargeException) {
            return Problems.bodyTooLarge(e.getMessage(), instance);
        }
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        String detail;
        String allow = original == null ? null : original.getHeaderString("Allow");
        String acceptHeader = null;
        List<String> accepted = null;
        if (e instanceof NotAllowedException || status == 405) {
            // The runtime's Allow names every method of the application; ours those of this path.
            Set<String> allowed = path == null ? Set.of() : routes.allowedMethods(path);
            if (allowed.isEmpty()) {
                allowed = allowedMethods(original);
            }
            detail = allowed.isEmpty() ? "This resource does not support " + describe(method)
                    : "This resource does not support " + describe(method) + "; it allows "
                            + String.join(", ", allowed);
            if (!allowed.isEmpty()) {
                allow = String.join(", ", allowed);
            }
        } else if (e instanceof NotSupportedException || status == 415) {
            accepted = acceptedContentTypes(routes, path, method);
            detail = "This resource does not accept a body of " + (contentType == null || contentType.isBlank()
                    ? "no Content-Type" : "Content-Type " + contentType) + "; send it as "
                    + (accepted.size() == 1 ? accepted.get(0) : String.join(" or ", accepted))
                    + " (/api/v1/openapi.json lists what each resource accepts)";
            if ("PATCH".equals(method)) {
                acceptHeader = "Accept-Patch";
            } else if ("POST".equals(method)) {
                acceptHeader = "Accept-Post";
            }
        } else if (e instanceof NotAcceptableException || status == 406) {
            detail = "This API answers " + PRODUCED.get(0) + " (errors: " + PRODUCED.get(1) + "); send Accept: "
                    + PRODUCED.get(0) + ", or no Accept header";
        } else if (status == 404) {
            detail = "There is nothing at " + instance + "; see /api/v1/openapi.json for the API";
        } else {
            detail = status >= 500 ? "The server could not answer the request" : e.getMessage();
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        Response problem = Problems.response(status, "http-" + status, title, detail, instance, null,
                status == 406 ? Map.of("supported", PRODUCED)
                        : accepted != null ? Map.of("supported", accepted) : Map.of());
        Response.ResponseBuilder answer = Response.fromResponse(problem);
        if (allow != null) {
            answer.header("Allow", allow);
        }
        if (acceptHeader != null) {
            answer.header(acceptHeader, String.join(", ", accepted));
        }
        return answer.build();
    }

    /** The content types a body may have at this path and method. */
    static List<String> acceptedContentTypes(Routes routes, String path, String method) {
        List<String> declared = routes.consumedTypes(path, method);
        if (!declared.isEmpty()) {
            return declared;
        }
        if ("PATCH".equals(method)) {
            return List.of(MERGE_PATCH, MediaType.APPLICATION_JSON);
        }
        return List.of(MediaType.APPLICATION_JSON);
    }

    /** The allowed methods of a 405, upper case and sorted; empty when the runtime did not say. */
    static Set<String> allowedMethods(Response original) {
        Set<String> allowed = new TreeSet<>();
        if (original == null) {
            return allowed;
        }
        for (String m : original.getAllowedMethods()) {
            addMethods(allowed, m);
        }
        if (allowed.isEmpty()) {
            addMethods(allowed, original.getHeaderString("Allow"));
        }
        return allowed;
    }

    /** A runtime may give one method per entry or a whole header value ("GET,PUT") as one. */
    private static void addMethods(Set<String> allowed, String value) {
        if (value == null) {
            return;
        }
        for (String m : value.split(",")) {
            if (!m.isBlank()) {
                allowed.add(m.strip().toUpperCase(Locale.ROOT));
            }
        }
    }

    private static String describe(String method) {
        return method == null ? "that HTTP method" : "the HTTP method " + method;
    }

    static String path(UriInfo uriInfo) {
        try {
            return uriInfo == null ? null : uriInfo.getPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String method(Request request) {
        try {
            return request == null ? null : request.getMethod();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String contentType(HttpHeaders headers) {
        try {
            return headers == null ? null : headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
