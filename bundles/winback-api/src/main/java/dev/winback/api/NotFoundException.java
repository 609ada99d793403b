package dev.winback.api;

/** The addressed entity does not exist (or is not visible to the caller as such). REST: 404. */
public class NotFoundException extends WinbackException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
