package dev.winback.detect.imports;

import java.io.IOException;

/**
 * The input cannot be read with the given format at all: a header without a mapped column, broken CSV quoting,
 * bytes that are not UTF-8, a corrupt gzip stream. Nothing of such an input should be stored.
 */
public class TransactionFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransactionFormatException(String message) {
        super(message);
    }

    public TransactionFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
