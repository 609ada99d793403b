package dev.winback.detect.imports;

import static dev.winback.detect.imports.Rows.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LargeAndRealFilesTest {
    /** The CDNOW sample beside the project root, as winback-detect's model tests find it; never copied. */
    private static Path cdnow() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path file = module.getParent().getParent().resolve("../shared/data/cdnow/CDNOW_sample.txt").normalize();
        if (!Files.isRegularFile(file)) {
            fail("The CDNOW sample is missing: expected it at " + file);
        }
        return file;
    }

    @Test
    void readsTheCdnowSample() throws IOException {
        List<RowResult> rows;
        try (InputStream in = Files.newInputStream(cdnow())) {
            rows = Rows.read(in, TransactionFormat.cdnow());
        }
        assertEquals(6919, rows.size());
        PurchaseRow first = purchase(rows.get(0));
        assertEquals(1, first.lineNumber());
        assertEquals("0001", first.externalId());
        assertEquals("cdnow", first.source());
        assertEquals(LocalDate.of(1997, 1, 1), first.date());
        assertEquals(new BigDecimal("29.33"), first.amount());
        Set<String> customers = new HashSet<>();
        Set<String> fingerprints = new HashSet<>();
        for (RowResult r : rows) {
            PurchaseRow row = purchase(r);
            customers.add(row.externalId());
            fingerprints.add(row.fingerprint());
        }
        assertEquals(2357, customers.size());
        // The sample has 19 lines that repeat an earlier line exactly; each is a purchase of its own.
        assertEquals(6919, fingerprints.size());
    }

    @Test
    void streamsAMillionRowsGzipped() throws IOException {
        int n = 1_000_000;
        ImportReport report;
        try (InputStream in = gzipOnTheFly(new GeneratedCsv(n))) {
            report = TransactionImport.read(in, TransactionFormat.csv(), ErrorBudget.DEFAULT,
                    new Consumer<PurchaseRow>() {
                        long expectedLine = 2;

                        @Override
                        public void accept(PurchaseRow row) {
                            if (row.lineNumber() != expectedLine++) {
                                fail("line " + row.lineNumber() + " out of order");
                            }
                        }
                    });
        }
        assertFalse(report.aborted(), report.summary());
        assertEquals(n, report.rows());
        assertEquals(n, report.purchases());
    }

    /** Gzips a stream chunk by chunk, so that nothing holds the whole file. */
    private static InputStream gzipOnTheFly(InputStream plain) throws IOException {
        return new GzipPump(plain);
    }

    /** A CSV of n rows made on the fly (header first). */
    private static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int next;
        private byte[] current = "externalId,date,amount\n".getBytes(StandardCharsets.UTF_8);
        private int pos;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        /** Makes the next row current; false at the end. */
        private boolean refill() {
            if (next == rows) {
                return false;
            }
            current = ("c" + (next % 50_000) + "," + LocalDate.of(2020, 1, 1).plusDays(next % 2000) + ","
                    + (next % 977) + "." + (next % 100) + "\n").getBytes(StandardCharsets.UTF_8);
            next++;
            pos = 0;
            return true;
        }

        @Override
        public int read() {
            if (pos == current.length && !refill()) {
                return -1;
            }
            return current[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len && (pos < current.length || refill())) {
                int k = Math.min(len - n, current.length - pos);
                System.arraycopy(current, pos, b, off + n, k);
                pos += k;
                n += k;
            }
            return n == 0 && len > 0 ? -1 : n;
        }
    }

    /** Reads plain bytes and hands out their gzip form, a chunk at a time. */
    private static final class GzipPump extends InputStream {
        private final InputStream plain;
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        private final java.util.zip.GZIPOutputStream gzip;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean finished;

        GzipPump(InputStream plain) throws IOException {
            this.plain = plain;
            this.gzip = new java.util.zip.GZIPOutputStream(buffer);
        }

        /** Makes sure unread compressed bytes are at hand; false at the end. */
        private boolean fill() throws IOException {
            while (pos == chunk.length) {
                if (finished) {
                    return false;
                }
                byte[] in = plain.readNBytes(1 << 16);
                if (in.length == 0) {
                    gzip.finish();
                    finished = true;
                } else {
                    gzip.write(in);
                }
                chunk = buffer.toByteArray();
                buffer.reset();
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int k = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, k);
            pos += k;
            return k;
        }
    }

    @Test
    void theGzipPumpRoundTrips() throws IOException {
        byte[] back = new GZIPInputStream(gzipOnTheFly(new GeneratedCsv(3))).readAllBytes();
        assertEquals("externalId,date,amount\nc0,2020-01-01,0.0\nc1,2020-01-02,1.1\nc2,2020-01-03,2.2\n",
                new String(back, StandardCharsets.UTF_8));
    }
}
