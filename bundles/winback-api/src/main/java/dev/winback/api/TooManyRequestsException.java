package dev.winback.api;

/**
 * The caller has as much work queued or running as it may have (imports per user, say); a later request may pass.
 * REST: 429 with {@code Retry-After}.
 */
public class TooManyRequestsException extends WinbackException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    /** @param retryAfterSeconds when trying again may succeed, in whole seconds (at least 1) */
    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
