package dev.winback.api;

import java.time.Instant;

/**
 * A step completed before its {@code notBefore} time (a contact limit or a spacing rule). REST: 409 with the
 * earliest allowed time.
 */
public class TooEarlyException extends ConflictException {
    private static final long serialVersionUID = 1L;
    private final Instant earliest;

    public TooEarlyException(String message, Instant earliest) {
        super(message);
        this.earliest = earliest;
    }

    /** The earliest time the step may be completed. */
    public Instant earliest() {
        return earliest;
    }
}
