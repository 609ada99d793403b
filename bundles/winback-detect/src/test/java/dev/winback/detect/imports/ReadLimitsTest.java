package dev.winback.detect.imports;

import static dev.winback.detect.imports.Rows.bytes;
import static dev.winback.detect.imports.Rows.gzip;
import static dev.winback.detect.imports.Rows.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The reader's limits hold while it reads: data past the limit is never inflated, and a record is refused once it
 * passes the line limit, before it is built, with the line it starts on.
 */
class ReadLimitsTest {
    private static final ReadLimits SMALL = new ReadLimits(1 << 20, 1000);
    /** 16 MiB of newlines (blank lines, which the reader skips) after a header, in about 16 KB; made once. */
    private static byte[] bomb;

    static synchronized byte[] bomb() {
        if (bomb == null) {
            bomb = gzipOf("externalId,date,amount\n", 16L << 20, (byte) '\n');
        }
        return bomb;
    }

    /** A gzip of {@code header} and then {@code size} bytes of {@code fill}, made without holding them. */
    static byte[] gzipOf(String header, long size, byte fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(bytes(header));
            byte[] block = new byte[1 << 16];
            java.util.Arrays.fill(block, fill);
            for (long left = size; left > 0; left -= block.length) {
                gz.write(block, 0, (int) Math.min(block.length, left));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads everything, with {@code limits}. */
    static List<RowResult> read(InputStream in, TransactionFormat format, ReadLimits limits) throws IOException {
        List<RowResult> rows = new ArrayList<>();
        try (TransactionReader reader = TransactionReader.open(in, format, limits)) {
            for (RowResult r; (r = reader.next()) != null; ) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** Counts the bytes taken from it. */
    static final class Counting extends InputStream {
        private final InputStream in;
        long taken;

        Counting(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            taken += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            taken += Math.max(n, 0);
            return n;
        }
    }

    @Test
    void aGzipBombIsRefusedOnceItsDataPassesTheLimit() {
        byte[] bomb = bomb();
        long started = System.nanoTime();

        TransactionFormatException refused = assertThrows(TransactionFormatException.class,
                () -> read(new ByteArrayInputStream(bomb), TransactionFormat.csv(), SMALL));

        assertTrue(refused.getMessage().contains("more than 1 MiB of data once decompressed"), refused.getMessage());
        assertTrue(refused.getMessage().contains("maxDecompressedMegabytes"), refused.getMessage());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "refused at the limit, not at the end");
    }

    @Test
    void plainInputCountsAgainstTheDataLimitTooAndReadingStopsThere() {
        byte[] csv = new byte[4 << 20];
        java.util.Arrays.fill(csv, (byte) '\n');
        Counting in = new Counting(csv);

        assertThrows(CountingInputStream.TooMuchData.class, () -> read(in, TransactionFormat.csv(), SMALL));
        assertTrue(in.taken < (1 << 20) + (256 << 10), "read " + in.taken + " bytes of 4 MiB");
    }

    @Test
    void dataWithinTheLimitIsReadWhole() throws IOException {
        List<RowResult> rows = read(new ByteArrayInputStream(gzip(bytes("externalId,date,amount\nc1,2026-01-05,1\n"))),
                TransactionFormat.csv(), new ReadLimits(40, 1000));
        assertEquals("c1", purchase(rows.get(0)).externalId());
    }

    @Test
    void anEndlessFieldIsRefusedWithItsLineBeforeItIsBuilt() {
        // 32 MiB of one field in about 32 KB: the reader must stop at the limit, not build the field.
        byte[] endless = gzipOf("externalId,date,amount\nc1,2026-01-05,1\nc2,2026-01-05,", 32L << 20, (byte) '9');
        long started = System.nanoTime();

        TransactionFormatException refused = assertThrows(TransactionFormatException.class,
                () -> read(new ByteArrayInputStream(endless), TransactionFormat.csv(),
                        ReadLimits.DEFAULT.withoutDataLimit()));

        assertEquals("line 3: longer than 100,000 characters (the limit maxLineCharacters); reading stopped there "
                + "and nothing was stored", refused.getMessage());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "refused at the limit, not at the end");
    }

    @Test
    void aQuotedFieldWithLineBreaksCountsAsOneRecordFromTheLineItStartsOn() throws IOException {
        String field = "\"" + "ab\r\n".repeat(300) + "\"";
        String csv = "externalId,date,amount,note\r\nc1,2026-01-05,1,short\r\nc2,2026-01-05,1," + field + "\r\n";

        TransactionFormatException refused = assertThrows(TransactionFormatException.class,
                () -> read(new ByteArrayInputStream(bytes(csv)), TransactionFormat.csv(), SMALL));
        assertTrue(refused.getMessage().startsWith("line 3: longer than 1,000 characters"), refused.getMessage());

        // Within the limit the same shape reads, and the next record starts counting afresh.
        String fits = "externalId,date,amount,note\r\nc1,2026-01-05,1,\"a,\"\"b\"\"\r\nc\"\r\n"
                + ("c2,2026-01-05,1," + "x".repeat(900) + "\r\n").repeat(3);
        List<RowResult> rows = read(new ByteArrayInputStream(bytes(fits)), TransactionFormat.csv(), SMALL);
        assertEquals(4, rows.size());
        assertEquals(5, purchase(rows.get(2)).lineNumber());
    }

    @Test
    void aQuoteInsideAnUnquotedFieldOpensNothing() throws IOException {
        // Commons CSV reads a quote in the middle of a field as a character: lines still end records.
        String csv = "externalId,date,amount\n" + ("c\"1,2026-01-05,1\n").repeat(200);
        assertEquals(200, read(new ByteArrayInputStream(bytes(csv)), TransactionFormat.csv(), SMALL).size());
    }

    @Test
    void jsonAndWhitespaceLinesHaveTheLimitToo() {
        String json = "{\"externalId\":\"c1\",\"date\":\"2026-01-05\",\"amount\":1}\n{\"externalId\":\""
                + "x".repeat(2000) + "\"}\n";
        TransactionFormatException j = assertThrows(TransactionFormatException.class,
                () -> read(new ByteArrayInputStream(bytes(json)), TransactionFormat.jsonLines(), SMALL));
        assertTrue(j.getMessage().startsWith("line 2: "), j.getMessage());

        String ws = "externalId date amount\n\n\nc1 2026-01-05 " + "1".repeat(2000) + "\n";
        TransactionFormatException w = assertThrows(TransactionFormatException.class,
                () -> read(new ByteArrayInputStream(bytes(ws)), TransactionFormat.whitespace(), SMALL));
        assertTrue(w.getMessage().startsWith("line 4: "), w.getMessage());
    }

    @Test
    void anImportOverALimitIsAbortedWithTheLimitNamed() throws IOException {
        byte[] endless = gzipOf("externalId,date,amount\nc1,2026-01-05,1\nc2,", 1L << 20, (byte) 'x');
        List<PurchaseRow> staged = new ArrayList<>();

        ImportReport report = TransactionImport.read(new ByteArrayInputStream(endless), TransactionFormat.csv(),
                SMALL, ErrorBudget.DEFAULT, staged::add, ReadProgress.NONE);

        assertTrue(report.aborted());
        assertTrue(report.abortReason().startsWith("line 3: longer than 1,000 characters"), report.abortReason());
        assertTrue(staged.size() <= 1, "the reader reads ahead: the line before may or may not have been read");
    }

    @Test
    void theSpoolRefusesAnUploadThatInflatesPastTheLimitAndStopsReadingIt() throws IOException {
        assertThrows(CountingInputStream.TooMuchData.class,
                () -> UploadSpool.copyCounting(new ByteArrayInputStream(bomb()), OutputStream.nullOutputStream(),
                        1 << 20));

        byte[] plain = new byte[8 << 20];
        java.util.Arrays.fill(plain, (byte) 'a');
        Counting in = new Counting(plain);
        assertThrows(CountingInputStream.TooMuchData.class,
                () -> UploadSpool.copyCounting(in, OutputStream.nullOutputStream(), 1 << 20));
        assertTrue(in.taken < (1 << 20) + (256 << 10), "read " + in.taken + " bytes of 8 MiB");
    }

    @Test
    void theSpoolCopiesEveryByteAndCountsConcatenatedMembersAndDamagedData() throws IOException {
        byte[] one = gzip(bytes("externalId,date,amount\n" + "c1,2026-01-05,1\n".repeat(1000)));
        byte[] two = gzip(bytes("c2,2026-01-05,1\n".repeat(1000)));
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();

        UploadSpool.copyCounting(new ByteArrayInputStream(both), copy, 1 << 20);
        assertEquals(java.util.Arrays.toString(both), java.util.Arrays.toString(copy.toByteArray()));
        // The second member counts: 39 KB of data in all is over a 20 KB limit, the first member alone is not.
        assertThrows(CountingInputStream.TooMuchData.class, () -> UploadSpool.copyCounting(
                new ByteArrayInputStream(both), OutputStream.nullOutputStream(), 20_000));

        byte[] damaged = java.util.Arrays.copyOf(one, one.length - 20);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        UploadSpool.copyCounting(new ByteArrayInputStream(damaged), kept, 1 << 20);
        assertEquals(damaged.length, kept.size(), "damaged gzip is copied as it is, for the job to report");
    }
}
