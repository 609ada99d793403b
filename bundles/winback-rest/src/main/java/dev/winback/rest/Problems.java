package dev.winback.rest;

import java.util.List;
import javax.ws.rs.core.Response;

/** Builds problem+json responses so every error of the API has the same shape. */
final class Problems {
    private static final String TYPE_PREFIX = "urn:winback:problem:";

    private Problems() {
    }

    static Response response(int status, String slug, String title, String detail, String instance,
            List<Problem.FieldError> errors) {
        Problem p = new Problem();
        p.type = TYPE_PREFIX + slug;
        p.title = title;
        p.status = status;
        p.detail = detail;
        p.instance = instance;
        p.errors = errors == null || errors.isEmpty() ? null : errors;
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
