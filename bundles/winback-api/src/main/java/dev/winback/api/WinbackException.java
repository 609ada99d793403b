package dev.winback.api;

/**
 * Base of the errors Winback services raise for a caller's mistake or a state conflict. The message is written
 * for a person and never carries internals; the REST layer turns each subclass into a problem+json status.
 */
public abstract class WinbackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected WinbackException(String message) {
        super(message);
    }

    protected WinbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
