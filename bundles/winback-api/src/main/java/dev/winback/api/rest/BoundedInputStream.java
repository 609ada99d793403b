package dev.winback.api.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * A request body that fails once more than {@code limit} bytes have been read, so that a body sent without a
 * Content-Length (or with a false one) stops at the limit too. The JSON reader of the API reads every body through
 * one; a {@link StreamedBody} method wraps its stream in one with its own limit.
 *
 * <p>It also cuts off a body that drips: once the reader has waited for the client more than
 * {@link #GRACE_SECONDS} seconds in all, the body must have brought {@link #MIN_BYTES_PER_SECOND} bytes for every
 * further second of waiting, or the next read fails with {@link TooSlow} (answered with 408). Only the time spent
 * waiting inside reads counts, so a body that arrived whole is never too slow however late it is read. (Jetty's own
 * minimum data rate counts from the first byte's arrival and so cuts off small bodies that are read late.) A body
 * that stops altogether ends with Jetty's idle timeout.
 */
public final class BoundedInputStream extends FilterInputStream {
    /** The slowest a body may arrive, in bytes per second of waiting for it. */
    public static final long MIN_BYTES_PER_SECOND = 1024;
    /** Waiting for the client up to this long in all is free: pauses of a fast client do no harm. */
    public static final long GRACE_SECONDS = 2;

    private final long limit;
    private final long minBytesPerSecond;
    private final long graceNanos;
    private long count;
    private long waitedNanos;

    public BoundedInputStream(InputStream in, long limit) {
        this(in, limit, MIN_BYTES_PER_SECOND, TimeUnit.SECONDS.toNanos(GRACE_SECONDS));
    }

    BoundedInputStream(InputStream in, long limit, long minBytesPerSecond, long graceNanos) {
        super(in);
        this.limit = limit;
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = graceNanos;
    }

    @Override
    public int read() throws IOException {
        long start = System.nanoTime();
        int b = super.read();
        waited(start);
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long start = System.nanoTime();
        int n = super.read(buffer, offset, length);
        waited(start);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void waited(long start) throws TooSlow {
        waitedNanos += System.nanoTime() - start;
        if (waitedNanos > graceNanos) {
            double seconds = (waitedNanos - graceNanos) / 1e9;
            if (count < minBytesPerSecond * seconds) {
                throw new TooSlow(minBytesPerSecond, count, waitedNanos);
            }
        }
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

    /** The body arrived slower than {@link #MIN_BYTES_PER_SECOND}: the client's fault, answered with 408. */
    public static final class TooSlow extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        public TooSlow(long minBytesPerSecond, long bytes, long waitedNanos) {
            super("request body slower than " + minBytesPerSecond + " bytes/s: " + bytes + " bytes in "
                    + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms of waiting");
        }
    }
}
