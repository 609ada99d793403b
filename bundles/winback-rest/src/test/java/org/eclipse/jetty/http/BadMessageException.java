package org.eclipse.jetty.http;

/** Stand-in with the name and {@code getCode()} of Jetty's exception, for RequestBodyFailureTest. */
public class BadMessageException extends RuntimeException {
    private final int code;

    public BadMessageException(int code, String reason) {
        super(code + ": " + reason);
        this.code = code;
    }

    public int getCode() {
        return code;
    }
}
