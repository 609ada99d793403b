package dev.winback.api;

/** A request body over the limit the endpoint sets. REST: 413, with the limit in the message. */
public class PayloadTooLargeException extends WinbackException {
    private static final long serialVersionUID = 1L;
    private final long limitBytes;

    public PayloadTooLargeException(long limitBytes, String message) {
        super(message);
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
