package dev.winback.api;

/** The change clashes with existing state: a duplicate key, an entity still in use, an invalid transition. REST: 409. */
public class ConflictException extends WinbackException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
