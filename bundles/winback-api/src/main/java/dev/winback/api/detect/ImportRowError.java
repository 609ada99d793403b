package dev.winback.api.detect;

/** One bad row of an import: where it is and what is wrong with it. */
public class ImportRowError {
    /** The physical line (1-based) on which the row starts. */
    public long line;
    /** What is wrong, for a person, e.g. {@code amount: 'twelve' is not a number}. */
    public String message;

    public ImportRowError() {
    }

    public ImportRowError(long line, String message) {
        this.line = line;
        this.message = message;
    }
}
