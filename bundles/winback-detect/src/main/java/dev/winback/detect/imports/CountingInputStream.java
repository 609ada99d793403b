package dev.winback.detect.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it, and with a limit fails the read that takes the count past it, so that reading
 * stops there. Counting the file's bytes, before any gzip decompression, gives progress that compares with the
 * file's size (the reader buffers ahead, so the count runs a buffer ahead of the rows); wrapped around the inflater
 * it bounds the data, so a gzip bomb costs the limit, not what it inflates to.
 */
final class CountingInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    /** Counts without a limit. */
    CountingInputStream(InputStream in) {
        this(in, Long.MAX_VALUE);
    }

    /** Counts, and fails with {@link TooMuchData} past {@code limit} bytes. */
    CountingInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    /** The input held more data than allowed; nothing after the limit was read. */
    static final class TooMuchData extends TransactionFormatException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        TooMuchData(long limit) {
            super("the input holds more than " + ReadLimits.size(limit) + " of data once decompressed (the limit "
                    + "maxDecompressedMegabytes); reading stopped there and nothing was stored");
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws TooMuchData {
        count += n;
        if (count > limit) {
            throw new TooMuchData(limit);
        }
    }

    @Override
    public boolean markSupported() {
        // A reset would count bytes twice.
        return false;
    }
}
