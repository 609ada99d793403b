package dev.winback.api.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that fails once more than {@code limit} bytes have been read, so that a body sent without a
 * Content-Length (or with a false one) stops at the limit too. The JSON reader of the API reads every body through
 * one; a {@link StreamedBody} method wraps its stream in one with its own limit.
 */
public final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    public BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws LimitReached {
        count += n;
        if (count > limit) {
            throw new LimitReached(limit);
        }
    }

    /** An IOException, because that is what readers (Jackson, a file copy) let through unwrapped. */
    public static final class LimitReached extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        public LimitReached(long limit) {
            super("body over " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }
}
