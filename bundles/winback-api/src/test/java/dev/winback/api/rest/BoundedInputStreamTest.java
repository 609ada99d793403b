package dev.winback.api.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {
    private static final long GRACE = TimeUnit.MILLISECONDS.toNanos(200);

    @Test
    void aBodyOverTheLimitFails() {
        InputStream in = new BoundedInputStream(new ByteArrayInputStream(new byte[11]), 10);
        assertEquals(10, (long) new BoundedInputStream.LimitReached(10).limit());
        assertThrows(BoundedInputStream.LimitReached.class, in::readAllBytes);
    }

    @Test
    void aDrippingBodyIsCutOffOnceTheGraceIsSpent() throws IOException {
        InputStream in = new BoundedInputStream(new Dripping(100, 80), 1000, 1024, GRACE);
        int read = 0;
        try {
            while (in.read() >= 0) {
                read++;
            }
        } catch (BoundedInputStream.TooSlow expected) {
            // a byte every 80 ms: cut off after the 200 ms of grace, long before the 100 bytes
        }
        assertEquals(true, read >= 2 && read <= 6, "read " + read + " bytes before the cut");
    }

    @Test
    void aBodyThatArrivedWholeIsNeverTooSlowHoweverLateItIsRead() throws Exception {
        byte[] body = "{\"name\":\"late\"}".getBytes();
        InputStream in = new BoundedInputStream(new ByteArrayInputStream(body), 1000, 1024, GRACE);
        Thread.sleep(300);
        byte[] first = in.readNBytes(3);
        Thread.sleep(300);
        byte[] rest = in.readAllBytes();
        assertArrayEquals(body, concat(first, rest));
    }

    @Test
    void aFastBodyWithOneShortPauseIsRead() throws IOException {
        byte[] body = new byte[50_000];
        InputStream pausing = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position == 25_000) {
                    sleep(150);
                }
                if (position >= body.length) {
                    return -1;
                }
                int n = Math.min(len, Math.min(1000, (position < 25_000 ? 25_000 : body.length) - position));
                System.arraycopy(body, position, b, off, n);
                position += n;
                return n;
            }
        };
        assertEquals(body.length, new BoundedInputStream(pausing, 100_000, 1024, GRACE).readAllBytes().length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A client that sends one byte every {@code millis}. */
    private static final class Dripping extends InputStream {
        private int left;
        private final long millis;

        Dripping(int bytes, long millis) {
            this.left = bytes;
            this.millis = millis;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            sleep(millis);
            left--;
            return 'x';
        }
    }
}
