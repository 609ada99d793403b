package dev.winback.rest;

import javax.ws.rs.WebApplicationException;

/**
 * A request body over the limit; answered with 413. A WebApplicationException so that the JAX-RS runtime passes
 * it through from a message body reader unchanged.
 */
final class BodyTooLargeException extends WebApplicationException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    BodyTooLargeException(long limit) {
        this(limit, "Bodies are limited to " + limit + " bytes (1 MiB)");
    }

    BodyTooLargeException(long limit, String message) {
        super(message, 413);
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
