package dev.winback.api;

/** The caller is known but may not do this (wrong role, someone else's case). REST: 403. */
public class AccessDeniedException extends WinbackException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
