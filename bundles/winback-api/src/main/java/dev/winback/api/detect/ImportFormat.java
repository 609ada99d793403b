package dev.winback.api.detect;

/** How an import file is laid out. */
public enum ImportFormat {
    /** A header row, then one purchase per row; RFC 4180 quoting. */
    CSV,
    /** Columns separated by runs of blanks or tabs, no quoting (the CDNOW files are laid out so). */
    WHITESPACE,
    /** One JSON object per line, e.g. {@code {"externalId":"C-17","date":"2026-03-01","amount":49.90}}. */
    JSON_LINES
}
