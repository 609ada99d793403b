package dev.winback.api.detect;

/**
 * What an import reads and how. Every field is optional: without them a CSV file with the header
 * {@code externalId,date,amount}, ISO dates and a dot as decimal separator is read, and the admin's error budget
 * applies. Gzip-compressed input is recognised by its content, whatever it is called.
 */
public class ImportRequest {
    /** Shown on the job; the client's file name, or the path the shell read. */
    public String fileName;
    /** CSV unless told otherwise. */
    public ImportFormat format;
    /**
     * For a file without a header row: the names of its columns, in order (the column options then refer to these
     * names). Without it the first row is the header.
     */
    public java.util.List<String> columnNames;
    /** CSV field separator, one character; a comma unless told otherwise. */
    public String delimiter;
    /** Column (or JSON field) holding the customer's id in the host; default {@code externalId}. */
    public String externalIdColumn;
    /** Column holding the purchase date; default {@code date}. */
    public String dateColumn;
    /** Column holding the amount; default {@code amount}. */
    public String amountColumn;
    /** Column naming each row's host system; without it every row belongs to {@link #source}. */
    public String sourceColumn;
    /** The host system the customers belong to when no source column is mapped; the admin's default if absent. */
    public String source;
    /**
     * Column holding the host's transaction id. With it, a purchase is identified by that id (a re-sent
     * transaction is a duplicate); without it, by its content and how often the same content occurred in the file.
     */
    public String transactionIdColumn;
    /**
     * Date pattern in {@link java.time.format.DateTimeFormatter} syntax, e.g. {@code dd/MM/yyyy} or
     * {@code yyyyMMdd}; ISO-8601 dates (and date-times, of which the date is taken) by default.
     */
    public String datePattern;
    /** Decimal separator of amounts, {@code .} or {@code ,}; a dot by default. */
    public String decimalSeparator;
    /** Whether negative amounts (refunds) are accepted; if not, they are bad rows. Default false. */
    public Boolean negativeAmounts;
    /** Bad rows tolerated before the import aborts; the admin's default if absent. */
    public Long maxErrors;
    /** Percentage of bad rows tolerated (0 to 100); the admin's default if absent. */
    public Double maxErrorPercent;
}
