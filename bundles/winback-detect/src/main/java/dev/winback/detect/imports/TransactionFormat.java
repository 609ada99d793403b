package dev.winback.detect.imports;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Objects;

/**
 * What an input file of purchase transactions looks like: its layout (CSV with a header row, whitespace-separated
 * columns, or JSON lines), which column or field holds which value, how dates and amounts are written.
 *
 * <p>Defaults: CSV, delimiter {@code ','}, a header row, columns {@code externalId,date,amount}, ISO dates
 * ({@code yyyy-MM-dd}, and ISO date-times such as {@code 2026-03-01T10:15:00Z}, of which the date as written is
 * taken), decimal separator {@code '.'}, negative amounts (refunds) accepted, no source column and no fixed source.
 * Header names are matched trimmed and case-insensitively. Whatever the layout, the input may be gzip-compressed
 * (recognised by its magic bytes, not its name) and UTF-8 with or without a byte-order mark, with CRLF or LF lines.
 *
 * <p>Instances are immutable; {@link #csv()}, {@link #whitespace()} and {@link #jsonLines()} start from the
 * defaults and the {@code with…} methods return changed copies.
 */
public final class TransactionFormat {
    /** The date pattern name that stands for ISO dates and date-times. */
    public static final String ISO = "ISO";

    /** How records are laid out. */
    public enum Layout {
        /** RFC 4180 CSV (quotes, doubled quotes, embedded delimiters and newlines) with a configurable delimiter. */
        CSV,
        /** Columns separated by runs of blanks or tabs, no quoting (e.g. the CDNOW files). */
        WHITESPACE,
        /** One JSON object per line. */
        JSON_LINES
    }

    private final Layout layout;
    private final char delimiter;
    private final List<String> columnNames;
    private final String externalIdColumn;
    private final String dateColumn;
    private final String amountColumn;
    private final String sourceColumn;
    private final String fixedSource;
    private final String transactionIdColumn;
    private final String datePattern;
    private final char decimalSeparator;
    private final boolean negativeAmounts;
    private final DateTimeFormatter dateFormatter;

    private TransactionFormat(Layout layout, char delimiter, List<String> columnNames, String externalIdColumn,
            String dateColumn, String amountColumn, String sourceColumn, String fixedSource,
            String transactionIdColumn, String datePattern, char decimalSeparator, boolean negativeAmounts) {
        this.layout = Objects.requireNonNull(layout, "layout");
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        if (decimalSeparator != '.' && decimalSeparator != ',') {
            throw new IllegalArgumentException("the decimal separator must be '.' or ',', was '" + decimalSeparator + "'");
        }
        if (layout == Layout.CSV && decimalSeparator == delimiter) {
            throw new IllegalArgumentException("the decimal separator and the delimiter are both '" + delimiter + "'");
        }
        this.delimiter = delimiter;
        this.columnNames = columnNames == null ? null : List.copyOf(columnNames);
        this.externalIdColumn = requireName(externalIdColumn, "externalId column");
        this.dateColumn = requireName(dateColumn, "date column");
        this.amountColumn = requireName(amountColumn, "amount column");
        this.sourceColumn = blankToNull(sourceColumn);
        this.fixedSource = blankToNull(fixedSource);
        this.transactionIdColumn = blankToNull(transactionIdColumn);
        this.datePattern = requireName(datePattern, "date pattern");
        this.decimalSeparator = decimalSeparator;
        this.negativeAmounts = negativeAmounts;
        this.dateFormatter = ISO.equalsIgnoreCase(datePattern) ? null : compile(datePattern);
    }

    /** CSV with the defaults. */
    public static TransactionFormat csv() {
        return new TransactionFormat(Layout.CSV, ',', null, "externalId", "date", "amount", null, null, null, ISO,
                '.', true);
    }

    /** Whitespace-separated columns with the defaults (a header row unless {@link #withColumnNames} is given). */
    public static TransactionFormat whitespace() {
        return csv().withLayout(Layout.WHITESPACE);
    }

    /** JSON lines with the defaults (fields {@code externalId}, {@code date}, {@code amount}). */
    public static TransactionFormat jsonLines() {
        return csv().withLayout(Layout.JSON_LINES);
    }

    /**
     * The CDNOW layout of Fader, Hardie and Lee: no header, whitespace-separated
     * {@code masterId sampleId yyyyMMdd cds dollars}; the sample id is the customer.
     */
    public static TransactionFormat cdnow() {
        return whitespace().withColumnNames(List.of("masterId", "sampleId", "date", "cds", "dollars"))
                .withExternalIdColumn("sampleId").withAmountColumn("dollars").withDatePattern("yyyyMMdd")
                .withFixedSource("cdnow");
    }

    private static DateTimeFormatter compile(String pattern) {
        try {
            // STRICT rejects 2026-02-30; the defaulted era lets "yyyy" (year of era) resolve under STRICT.
            return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                    .parseDefaulting(ChronoField.ERA, 1).toFormatter().withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a date pattern: " + e.getMessage(), e);
        }
    }

    private static String requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be empty");
        }
        return value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private TransactionFormat copy(Layout layout, char delimiter, List<String> columnNames, String externalId,
            String date, String amount, String source, String fixedSource, String transactionId, String pattern,
            char decimalSeparator, boolean negativeAmounts) {
        return new TransactionFormat(layout, delimiter, columnNames, externalId, date, amount, source, fixedSource,
                transactionId, pattern, decimalSeparator, negativeAmounts);
    }

    public TransactionFormat withLayout(Layout value) {
        return copy(value, delimiter, columnNames, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    /** The CSV field delimiter, e.g. {@code ';'} or {@code '\t'}. */
    public TransactionFormat withDelimiter(char value) {
        return copy(layout, value, columnNames, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    /**
     * Names for the columns of a file without a header row (CSV or whitespace); the first line is then data.
     * {@code null} (the default) means the first line is the header. Ignored for JSON lines.
     */
    public TransactionFormat withColumnNames(List<String> value) {
        return copy(layout, delimiter, value, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    public TransactionFormat withExternalIdColumn(String value) {
        return copy(layout, delimiter, columnNames, value, dateColumn, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    public TransactionFormat withDateColumn(String value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, value, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    public TransactionFormat withAmountColumn(String value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, dateColumn, value, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    /** A column naming each row's source system; where it is empty, the fixed source (if any) applies. */
    public TransactionFormat withSourceColumn(String value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, dateColumn, amountColumn, value,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    /** The source of every row without a source column (or with an empty one). */
    public TransactionFormat withFixedSource(String value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                value, transactionIdColumn, datePattern, decimalSeparator, negativeAmounts);
    }

    /**
     * A column holding the host's own transaction id. When set, a row's fingerprint is that id (with source and
     * customer) rather than its content and occurrence; see {@link PurchaseRow#fingerprint()}.
     */
    public TransactionFormat withTransactionIdColumn(String value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                fixedSource, value, datePattern, decimalSeparator, negativeAmounts);
    }

    /**
     * {@link #ISO} or a {@link DateTimeFormatter} pattern such as {@code yyyyMMdd}, {@code dd/MM/yyyy} or
     * {@code yyyy-MM-dd HH:mm:ss}; dates are checked strictly (no 30 February).
     *
     * @throws IllegalArgumentException if the pattern is not a valid pattern
     */
    public TransactionFormat withDatePattern(String value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, value, decimalSeparator, negativeAmounts);
    }

    /** {@code '.'} (default) or {@code ','}; thousands separators are not accepted. */
    public TransactionFormat withDecimalSeparator(char value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, value, negativeAmounts);
    }

    /** Whether negative amounts (refunds) are accepted; they are by default. */
    public TransactionFormat withNegativeAmounts(boolean value) {
        return copy(layout, delimiter, columnNames, externalIdColumn, dateColumn, amountColumn, sourceColumn,
                fixedSource, transactionIdColumn, datePattern, decimalSeparator, value);
    }

    public Layout layout() {
        return layout;
    }

    public char delimiter() {
        return delimiter;
    }

    /** The column names of a file without header, or {@code null} when the first line is the header. */
    public List<String> columnNames() {
        return columnNames;
    }

    public String externalIdColumn() {
        return externalIdColumn;
    }

    public String dateColumn() {
        return dateColumn;
    }

    public String amountColumn() {
        return amountColumn;
    }

    /** May be {@code null}. */
    public String sourceColumn() {
        return sourceColumn;
    }

    /** May be {@code null}. */
    public String fixedSource() {
        return fixedSource;
    }

    /** May be {@code null}. */
    public String transactionIdColumn() {
        return transactionIdColumn;
    }

    public String datePattern() {
        return datePattern;
    }

    /** The formatter for a custom pattern; {@code null} for {@link #ISO}. */
    DateTimeFormatter dateFormatter() {
        return dateFormatter;
    }

    public char decimalSeparator() {
        return decimalSeparator;
    }

    public boolean negativeAmounts() {
        return negativeAmounts;
    }

    @Override
    public String toString() {
        return "TransactionFormat[" + layout + (layout == Layout.CSV ? " delimiter '" + delimiter + "'" : "")
                + (columnNames == null ? "" : " columns " + columnNames) + ", externalId=" + externalIdColumn
                + ", date=" + dateColumn + " (" + datePattern + "), amount=" + amountColumn + " ('"
                + decimalSeparator + "')" + (sourceColumn == null ? "" : ", source=" + sourceColumn)
                + (fixedSource == null ? "" : ", fixed source " + fixedSource)
                + (transactionIdColumn == null ? "" : ", transactionId=" + transactionIdColumn) + "]";
    }
}
