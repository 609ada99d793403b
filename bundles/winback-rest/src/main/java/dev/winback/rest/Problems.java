package dev.winback.rest;

import java.util.List;
import java.util.Map;
import javax.ws.rs.core.Response;

/** Builds problem+json responses so every error of the API has the same shape. */
final class Problems {
    static final String TYPE_PREFIX = "urn:winback:problem:";

    private Problems() {
    }

    static Response response(int status, String slug, String title, String detail, String instance,
            List<Problem.FieldError> errors) {
        return response(status, slug, title, detail, instance, errors, Map.of());
    }

    /** A problem with extension members beside the standard ones, e.g. {@code earliest} or {@code existingCase}. */
    static Response response(int status, String slug, String title, String detail, String instance,
            List<Problem.FieldError> errors, Map<String, ?> members) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(problem(status, slug, title, detail, instance, errors, members)).build();
    }

    static Problem problem(int status, String slug, String title, String detail, String instance,
            List<Problem.FieldError> errors, Map<String, ?> members) {
        Problem p = new Problem();
        p.type = TYPE_PREFIX + slug;
        p.title = title;
        p.status = status;
        p.detail = detail;
        p.instance = instance;
        p.errors = errors == null || errors.isEmpty() ? null : errors;
        members.forEach(p::with);
        return p;
    }

    /** 429 with {@code Retry-After}: a limit the caller reached, and when trying again may pass. */
    static Response tooManyRequests(String slug, String title, String detail, String instance,
            long retryAfterSeconds) {
        return Response.fromResponse(response(429, slug, title, detail, instance, null))
                .header("Retry-After", Long.toString(retryAfterSeconds)).build();
    }

    /** 413, for the API's own body limit and for the limit an endpoint sets, alike. */
    static Response bodyTooLarge(String detail, String instance) {
        return response(413, "body-too-large", "Request body too large", detail, instance, null);
    }

    /**
     * 428: an update of something that exists must say which version it changes, so that it cannot silently
     * overwrite a colleague's change.
     */
    static Response preconditionRequired(String what, String instance) {
        return response(428, "precondition-required", "Precondition required",
                "Changing " + what + " needs If-Match: GET it first and send its ETag in If-Match, so that your "
                        + "change cannot overwrite someone else's", instance, null);
    }
}
