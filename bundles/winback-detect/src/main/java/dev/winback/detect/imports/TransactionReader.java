package dev.winback.detect.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads purchase transactions from a stream one record at a time: memory does not grow with the file, apart from
 * the occurrence count behind {@link PurchaseRow#fingerprint() fingerprints}, a table of primitives of about
 * 24 bytes per distinct row (a million distinct rows read in an 80 MB heap in the tests).
 *
 * <pre>{@code
 * try (TransactionReader reader = TransactionReader.open(in, TransactionFormat.csv())) {
 *     for (RowResult r; (r = reader.next()) != null; ) { ... }
 * }
 * }</pre>
 *
 * <p>gzip input is recognised by its magic bytes; a UTF-8 byte-order mark is skipped; CRLF and LF both end lines.
 * Line numbers are physical lines, 1-based, the header being line 1; a CSV record with quoted line breaks has the
 * number of the line it starts on. Blank lines are skipped. Values are trimmed.
 *
 * <p>A data record yields a {@link PurchaseRow} or a {@link RowError} that names every problem of the record, e.g.
 * {@code line 17: amount 'abc' is not a number}. Input that cannot be read at all (a header without a mapped
 * column, broken CSV quoting, bytes that are not UTF-8, a damaged gzip stream) throws
 * {@link TransactionFormatException}: a bad header from {@link #open}, before any row.
 *
 * <p>{@link ReadLimits} bound what one input may cost, checked as it is read: the data after decompression, and the
 * characters of one record (a line, or a CSV record with quoted line breaks), so neither a gzip bomb nor an
 * endless field is ever held in memory. Crossing one throws a {@link TransactionFormatException} that says which
 * limit, and for a record on which line.
 *
 * <p>Not thread-safe. Closing the reader closes the stream.
 */
public final class TransactionReader implements Closeable {
    private static final int EXTERNAL_ID = 0;
    private static final int DATE = 1;
    private static final int AMOUNT = 2;
    private static final int SOURCE = 3;
    private static final int TRANSACTION_ID = 4;
    private static final char SEP = '\u001f';
    /** CSV's quote character, for the parser and for the record count that must agree with it. */
    private static final char QUOTE = '"';
    /**
     * The widest values Winback stores (customers' external id and source, amounts as NUMERIC(19, 4)): a row
     * beyond them is a bad row here rather than a failed import later.
     */
    static final int MAX_EXTERNAL_ID = 255;
    static final int MAX_SOURCE = 64;
    static final int MAX_INTEGER_DIGITS = 15;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final TransactionFormat format;
    private final String[] roleNames;
    private final BufferedReader text;
    private final Records records;
    private final MessageDigest sha256;
    private final OccurrenceCounter occurrences = new OccurrenceCounter();
    private List<String> header = List.of();

    private TransactionReader(InputStream in, TransactionFormat format, ReadLimits limits) throws IOException {
        this.format = format;
        this.roleNames = new String[] {format.externalIdColumn(), format.dateColumn(), format.amountColumn(),
                format.sourceColumn(), format.transactionIdColumn()};
        this.text = decode(in, format, limits);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        this.records = switch (format.layout()) {
            case CSV -> new CsvRecords();
            case WHITESPACE -> new WhitespaceRecords();
            case JSON_LINES -> new JsonRecords();
        };
    }

    /**
     * Opens a reader on {@code in} and, for CSV and whitespace layouts with a header row, reads and checks the
     * header.
     *
     * @throws TransactionFormatException if the header lacks a mapped column (or has it twice), or the input
     *                                    cannot be decoded; the stream is closed then
     */
    public static TransactionReader open(InputStream in, TransactionFormat format) throws IOException {
        return open(in, format, ReadLimits.DEFAULT);
    }

    /**
     * Like {@link #open(InputStream, TransactionFormat)}, within {@code limits}.
     *
     * @throws TransactionFormatException also if the header crosses a limit
     */
    public static TransactionReader open(InputStream in, TransactionFormat format, ReadLimits limits)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(limits, "limits");
        TransactionReader reader = null;
        try {
            reader = new TransactionReader(in, format, limits);
            reader.records.start();
            return reader;
        } catch (IOException | RuntimeException e) {
            if (reader == null) {
                in.close();
                throw translate(e, 1);
            }
            reader.close();
            throw translate(e, reader.records.line());
        }
    }

    /** The header's column names as read (or as configured for a file without header); empty for JSON lines. */
    public List<String> header() {
        return header;
    }

    /**
     * The next data record, or {@code null} at the end of the input.
     *
     * @throws TransactionFormatException if the input cannot be read further
     */
    public RowResult next() throws IOException {
        Raw raw;
        try {
            raw = records.next();
        } catch (IOException | RuntimeException e) {
            throw translate(e, records.line());
        }
        if (raw == null) {
            return null;
        }
        if (raw.error != null) {
            return new RowError(raw.line, raw.errorField, raw.error);
        }
        return convert(raw);
    }

    @Override
    public void close() throws IOException {
        text.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // decoding

    /**
     * The input as text: inflated if it is gzip, then counted against the data limit, decoded as UTF-8 without its
     * byte-order mark, and counted against the record limit before the parser buffers it.
     */
    private static BufferedReader decode(InputStream raw, TransactionFormat format, ReadLimits limits)
            throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream data = isGzip(b1, b2) ? new GZIPInputStream(in, 1 << 16) : in;
        InputStream plain = new BufferedInputStream(new CountingInputStream(data, limits.maxDataBytes()), 1 << 16);
        plain.mark(3);
        if (!(plain.read() == 0xEF && plain.read() == 0xBB && plain.read() == 0xBF)) {
            plain.reset();
        }
        Reader decoded = new InputStreamReader(plain, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        Reader counted = format.layout() == TransactionFormat.Layout.CSV
                ? RecordLengthReader.csv(decoded, limits.maxLineCharacters(), format.delimiter(), QUOTE)
                : RecordLengthReader.lines(decoded, limits.maxLineCharacters());
        return new BufferedReader(counted, 1 << 16);
    }

    /** Whether the first two bytes are gzip's magic number. */
    static boolean isGzip(int b1, int b2) {
        return b1 == 0x1f && b2 == 0x8b;
    }

    private static IOException translate(Exception e, long line) {
        // A limit crossed (or any other refusal of ours) may come wrapped by Commons CSV or the decoder.
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionFormatException tfe) {
                return tfe;
            }
        }
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        // Commons CSV wraps the decoder's and the inflater's exceptions in its own IOException.
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof CharacterCodingException || cause instanceof CharacterCodingException) {
            // The decoder reads ahead of the parser, so the line is only a lower bound.
            return new TransactionFormatException("the input is not UTF-8 text (a bad byte at or after line " + line
                    + "; save the file as UTF-8)", e);
        }
        if (root instanceof ZipException || root instanceof EOFException) {
            return new TransactionFormatException("the gzip data is damaged or cut short (at or after line " + line
                    + ": " + root.getMessage() + ")", e);
        }
        if (e instanceof UncheckedIOException || e instanceof IllegalStateException) {
            // Commons CSV reports broken quoting this way; nothing after it can be trusted.
            return new TransactionFormatException("line " + line + ": the CSV cannot be read past this line ("
                    + cause.getMessage() + ")", e);
        }
        if (e instanceof IOException io) {
            return io;
        }
        throw (RuntimeException) e;
    }

    // ---------------------------------------------------------------------------------------------------------
    // records

    /** One record before conversion: the values by role (null = missing), or a record-wide error. */
    private static final class Raw {
        final long line;
        final String[] values = new String[5];
        final boolean[] unusable = new boolean[5];
        boolean amountIsJsonNumber;
        String error;
        String errorField;

        Raw(long line) {
            this.line = line;
        }

        Raw fail(String field, String reason) {
            if (error == null) {
                errorField = field;
                error = reason;
            } else {
                error = error + "; " + reason;
            }
            return this;
        }
    }

    private interface Records {
        void start() throws IOException;

        Raw next() throws IOException;

        /** The line being read, for messages about unreadable input. */
        long line();
    }

    /** Maps the mapped columns to positions in a header. */
    private int[] positions(List<String> columns, boolean fromHeader) throws TransactionFormatException {
        int[] positions = new int[roleNames.length];
        List<String> missing = new ArrayList<>();
        for (int role = 0; role < roleNames.length; role++) {
            positions[role] = -1;
            String name = roleNames[role];
            if (name == null) {
                continue;
            }
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).strip().equalsIgnoreCase(name)) {
                    if (positions[role] >= 0) {
                        throw new TransactionFormatException((fromHeader ? "line 1: the header" : "the column names")
                                + " has column '" + name + "' twice: " + columns);
                    }
                    positions[role] = i;
                }
            }
            if (positions[role] < 0) {
                missing.add("'" + name + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new TransactionFormatException((fromHeader ? "line 1: the header" : "the column names")
                    + " lacks the column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + " (it has " + columns + "; map other names with the import's column parameters)");
        }
        return positions;
    }

    private Raw fromFields(long line, List<String> fields, int[] positions) {
        Raw raw = new Raw(line);
        if (fields.size() != header.size()) {
            return raw.fail(null, "expected " + header.size() + " fields as in the "
                    + (format.columnNames() == null ? "header" : "column list") + ", found " + fields.size());
        }
        for (int role = 0; role < positions.length; role++) {
            if (positions[role] >= 0) {
                raw.values[role] = fields.get(positions[role]).strip();
            }
        }
        return raw;
    }

    private final class CsvRecords implements Records {
        private CSVParser parser;
        private Iterator<CSVRecord> iterator;
        private int[] positions;
        private long nextStart = 1;

        @Override
        public void start() throws IOException {
            CSVFormat csv = CSVFormat.RFC4180.builder().setDelimiter(format.delimiter()).setQuote(QUOTE)
                    .setIgnoreEmptyLines(false).build();
            parser = csv.parse(text);
            iterator = parser.iterator();
            if (format.columnNames() != null) {
                header = List.copyOf(format.columnNames());
                positions = positions(header, false);
                return;
            }
            CSVRecord first = nextNonBlank();
            if (first == null) {
                throw new TransactionFormatException("the input is empty: expected a header line with the columns "
                        + mappedColumns());
            }
            List<String> names = new ArrayList<>();
            first.forEach(name -> names.add(name.strip()));
            header = List.copyOf(names);
            positions = positions(header, true);
        }

        private CSVRecord nextNonBlank() {
            while (iterator.hasNext()) {
                CSVRecord record = iterator.next();
                long start = nextStart;
                nextStart = parser.getCurrentLineNumber() + 1;
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                lastStart = start;
                return record;
            }
            return null;
        }

        private long lastStart;

        @Override
        public Raw next() {
            CSVRecord record = nextNonBlank();
            if (record == null) {
                return null;
            }
            return fromFields(lastStart, record.toList(), positions);
        }

        @Override
        public long line() {
            return nextStart;
        }
    }

    private final class WhitespaceRecords implements Records {
        private long line;
        private int[] positions;

        @Override
        public void start() throws IOException {
            if (format.columnNames() != null) {
                header = List.copyOf(format.columnNames());
                positions = positions(header, false);
                return;
            }
            String first;
            while ((first = text.readLine()) != null) {
                line++;
                if (!first.isBlank()) {
                    break;
                }
            }
            if (first == null) {
                throw new TransactionFormatException("the input is empty: expected a header line with the columns "
                        + mappedColumns());
            }
            header = List.of(first.strip().split("\\s+"));
            positions = positions(header, true);
        }

        @Override
        public Raw next() throws IOException {
            String l;
            while ((l = text.readLine()) != null) {
                line++;
                if (!l.isBlank()) {
                    return fromFields(line, List.of(l.strip().split("\\s+")), positions);
                }
            }
            return null;
        }

        @Override
        public long line() {
            return line + 1;
        }
    }

    private final class JsonRecords implements Records {
        private long line;

        @Override
        public void start() {
            header = List.of();
        }

        @Override
        public Raw next() throws IOException {
            String l;
            while ((l = text.readLine()) != null) {
                line++;
                if (!l.isBlank()) {
                    return parse(line, l);
                }
            }
            return null;
        }

        private Raw parse(long line, String l) {
            Raw raw = new Raw(line);
            JsonNode node;
            try {
                node = JSON.readTree(l);
            } catch (JsonProcessingException e) {
                return raw.fail(null, "not valid JSON (" + e.getOriginalMessage() + ")");
            }
            if (node == null || !node.isObject()) {
                return raw.fail(null, "expected a JSON object, found " + (node == null ? "nothing" : shortly(l)));
            }
            for (int role = 0; role < roleNames.length; role++) {
                String name = roleNames[role];
                if (name == null) {
                    continue;
                }
                JsonNode value = node.get(name);
                if (value == null || value.isNull()) {
                    continue; // missing: reported by convert
                }
                if (value.isContainerNode()) {
                    raw.unusable[role] = true;
                    raw.fail(name, name + " is " + (value.isArray() ? "an array" : "an object")
                            + ", not a single value");
                } else if (role == AMOUNT && value.isNumber()) {
                    raw.values[role] = value.decimalValue().toPlainString();
                    raw.amountIsJsonNumber = true;
                } else {
                    raw.values[role] = value.asText().strip();
                }
            }
            return raw;
        }

        @Override
        public long line() {
            return line + 1;
        }
    }

    private String mappedColumns() {
        List<String> names = new ArrayList<>();
        for (String name : roleNames) {
            if (name != null) {
                names.add(name);
            }
        }
        return String.join(format.layout() == TransactionFormat.Layout.CSV ? String.valueOf(format.delimiter()) : " ",
                names);
    }

    private static String shortly(String value) {
        String s = value.strip();
        return "'" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "'";
    }

    // ---------------------------------------------------------------------------------------------------------
    // conversion

    private RowResult convert(Raw raw) {
        String externalId = required(raw, EXTERNAL_ID);
        LocalDate date = null;
        String dateText = required(raw, DATE);
        if (dateText != null) {
            date = parseDate(raw, dateText);
        }
        BigDecimal amount = null;
        String amountText = required(raw, AMOUNT);
        if (amountText != null) {
            amount = parseAmount(raw, amountText);
        }
        String transactionId = null;
        if (roleNames[TRANSACTION_ID] != null) {
            transactionId = required(raw, TRANSACTION_ID);
        }
        String source = raw.values[SOURCE];
        if (source == null || source.isEmpty()) {
            source = format.fixedSource();
        }
        tooLong(raw, EXTERNAL_ID, externalId, MAX_EXTERNAL_ID);
        tooLong(raw, SOURCE, source, MAX_SOURCE);
        if (raw.error != null) {
            return new RowError(raw.line, raw.errorField, raw.error);
        }
        String[] hashes = fingerprint(source, externalId, date, amount, transactionId);
        return new PurchaseRow(raw.line, externalId, source, date, amount, hashes[0], hashes[1]);
    }

    private void tooLong(Raw raw, int role, String value, int max) {
        if (value != null && value.length() > max) {
            String name = roleNames[role] != null ? roleNames[role] : "source";
            raw.fail(name, name + " " + shortly(value) + " is longer than " + max + " characters");
        }
    }

    private String required(Raw raw, int role) {
        String value = raw.values[role];
        String name = roleNames[role];
        if (value == null) {
            if (!raw.unusable[role]) {
                raw.fail(name, name + " is missing");
            }
            return null;
        }
        if (value.isEmpty()) {
            raw.fail(name, name + " is empty");
            return null;
        }
        return value;
    }

    private LocalDate parseDate(Raw raw, String value) {
        DateTimeFormatter formatter = format.dateFormatter();
        try {
            if (formatter != null) {
                return LocalDate.from(formatter.parse(value));
            }
            if (value.length() <= 10) {
                return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
            }
            return LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(value));
        } catch (DateTimeException e) {
            String name = roleNames[DATE];
            raw.fail(name, name + " " + shortly(value) + " is not a date in format "
                    + (formatter != null ? format.datePattern() : "yyyy-MM-dd (or an ISO date-time)"));
            return null;
        }
    }

    private BigDecimal parseAmount(Raw raw, String value) {
        String name = roleNames[AMOUNT];
        String number = value;
        char separator = format.decimalSeparator();
        if (!raw.amountIsJsonNumber) {
            char other = separator == '.' ? ',' : '.';
            if (number.indexOf(other) >= 0) {
                raw.fail(name, name + " " + shortly(value) + " is not a number (the decimal separator is '"
                        + separator + "', and thousands separators are not accepted)");
                return null;
            }
            if (separator != '.') {
                number = number.replace(separator, '.');
            }
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(number);
        } catch (NumberFormatException e) {
            raw.fail(name, name + " " + shortly(value) + " is not a number");
            return null;
        }
        if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            raw.fail(name, name + " " + shortly(value) + " is too large (at most " + MAX_INTEGER_DIGITS
                    + " digits before the decimal separator)");
            return null;
        }
        if (amount.signum() < 0 && !format.negativeAmounts()) {
            raw.fail(name, name + " " + shortly(value) + " is negative, and this import does not accept refunds");
            return null;
        }
        return amount;
    }

    /** Returns {contentHash, fingerprint}. */
    private String[] fingerprint(String source, String externalId, LocalDate date, BigDecimal amount,
            String transactionId) {
        StringBuilder content = new StringBuilder(64);
        content.append("row").append(SEP).append(source == null ? "" : source).append(SEP).append(externalId)
                .append(SEP).append(date).append(SEP).append(amount.signum() == 0 ? "0"
                        : amount.stripTrailingZeros().toPlainString());
        byte[] contentHash = digest(content);
        if (transactionId != null) {
            StringBuilder tx = new StringBuilder(64).append("tx").append(SEP).append(source == null ? "" : source)
                    .append(SEP).append(externalId).append(SEP).append(transactionId);
            return new String[] {hex(contentHash), hex(digest(tx))};
        }
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = (key << 8) | (contentHash[i] & 0xff);
        }
        int occurrence = occurrences.increment(key);
        content.append(SEP).append(occurrence);
        return new String[] {hex(contentHash), hex(digest(content))};
    }

    private byte[] digest(CharSequence content) {
        return sha256.digest(content.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }
}
