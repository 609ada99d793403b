package dev.winback.detect.imports;

import java.util.Objects;

/**
 * A data record that could not be read as a purchase.
 *
 * @param lineNumber the physical line (1-based) on which the record starts
 * @param field      the mapped column or field at fault, or {@code null} when the record as a whole is
 * @param reason     what is wrong, for a person to act on, e.g. {@code amount 'abc' is not a number}
 */
public record RowError(long lineNumber, String field, String reason) implements RowResult {
    public RowError {
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code line 17: amount 'abc' is not a number}. */
    public String message() {
        return "line " + lineNumber + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
