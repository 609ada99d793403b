package dev.winback.detect.imports;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * Counts the characters of each record as they pass and fails the read that takes one past the limit, before the
 * parser above has built it: an endless line, or a field of hundreds of megabytes, costs the limit and a buffer.
 * A record is a line; in CSV mode quoted fields may hold line breaks, so a record ends only at a line break
 * outside quotes (quotes open only at the start of a field, as in Commons CSV's RFC 4180 parsing). It also counts
 * physical lines as the reader numbers them (CR, LF and CRLF each end one), so the refusal names the line where the
 * record starts.
 */
final class RecordLengthReader extends FilterReader {
    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final int limit;
    /** The CSV delimiter, or -1 for a layout in which every line break ends a record. */
    private final int delimiter;
    private final int quote;
    private State state = State.FIELD_START;
    private long line = 1;
    private long recordLine = 1;
    private long recordLength;
    private boolean afterCr;

    private RecordLengthReader(Reader in, int limit, int delimiter, int quote) {
        super(in);
        this.limit = limit;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** Every line break ends a record (whitespace columns, JSON lines). */
    static RecordLengthReader lines(Reader in, int limit) {
        return new RecordLengthReader(in, limit, -1, -1);
    }

    /** CSV: a line break inside a quoted field does not end the record. */
    static RecordLengthReader csv(Reader in, int limit, char delimiter, char quote) {
        return new RecordLengthReader(in, limit, delimiter, quote);
    }

    /** A record longer than allowed. */
    static final class TooLong extends TransactionFormatException {
        private static final long serialVersionUID = 1L;
        private final long line;

        TooLong(long line, int limit) {
            super("line " + line + ": longer than " + NumberFormat.getIntegerInstance(Locale.ROOT)
                    .format(limit) + " characters (the limit maxLineCharacters); reading stopped there and nothing "
                    + "was stored");
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            pass((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            pass(buffer[i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped characters must be counted too; read them.
        char[] buffer = new char[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void pass(char c) throws TooLong {
        if (c == '\n' || c == '\r') {
            boolean crlf = c == '\n' && afterCr;
            afterCr = c == '\r';
            if (!crlf) {
                line++;
            }
            if (state != State.QUOTED) {
                state = State.FIELD_START;
                recordLength = 0;
                recordLine = line;
                return;
            }
        } else {
            afterCr = false;
            if (delimiter >= 0) {
                state = next(c);
            }
        }
        if (++recordLength > limit) {
            throw new TooLong(recordLine, limit);
        }
    }

    private State next(char c) {
        return switch (state) {
            case FIELD_START -> c == quote ? State.QUOTED : c == delimiter ? State.FIELD_START : State.UNQUOTED;
            case UNQUOTED -> c == delimiter ? State.FIELD_START : State.UNQUOTED;
            case QUOTED -> c == quote ? State.QUOTE_IN_QUOTED : State.QUOTED;
            // A doubled quote is a quote inside the field; anything else closes it (Commons CSV refuses a character
            // between a closing quote and the delimiter, so the record fails there anyway).
            case QUOTE_IN_QUOTED -> c == quote ? State.QUOTED : c == delimiter ? State.FIELD_START : State.UNQUOTED;
        };
    }
}
