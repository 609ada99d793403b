package dev.winback.api;

import java.util.UUID;

/** A second running case for a customer who has one already, without {@code parallel}. REST: 409 linking to it. */
public class ExistingCaseException extends ConflictException {
    private static final long serialVersionUID = 1L;
    private final UUID existingCaseId;

    public ExistingCaseException(String message, UUID existingCaseId) {
        super(message);
        this.existingCaseId = existingCaseId;
    }

    public UUID existingCaseId() {
        return existingCaseId;
    }
}
