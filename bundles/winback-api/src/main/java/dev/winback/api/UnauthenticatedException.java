package dev.winback.api;

/**
 * A request that must prove who sent it and did not: a webhook whose signature does not verify, or that names a
 * source nobody registered. REST: 401. The message says what to fix without revealing the expected signature.
 */
public class UnauthenticatedException extends WinbackException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super(message);
    }
}
