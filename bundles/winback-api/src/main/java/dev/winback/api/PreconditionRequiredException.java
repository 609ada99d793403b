package dev.winback.api;

/**
 * A change that replaces a whole resource was sent without {@code If-Match}: without the version the caller read,
 * it would silently overwrite someone else's change. REST: 428 Precondition Required.
 */
public class PreconditionRequiredException extends WinbackException {
    private static final long serialVersionUID = 1L;

    public PreconditionRequiredException(String message) {
        super(message);
    }
}
