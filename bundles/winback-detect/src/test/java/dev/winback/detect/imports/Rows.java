package dev.winback.detect.imports;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test helpers: read whole (small) inputs into lists. */
final class Rows {
    private Rows() {
    }

    static List<RowResult> read(InputStream in, TransactionFormat format) throws IOException {
        List<RowResult> results = new ArrayList<>();
        try (TransactionReader reader = TransactionReader.open(in, format)) {
            for (RowResult r; (r = reader.next()) != null; ) {
                results.add(r);
            }
        }
        return results;
    }

    static List<RowResult> read(String text, TransactionFormat format) throws IOException {
        return read(bytes(text), format);
    }

    static List<RowResult> read(byte[] bytes, TransactionFormat format) throws IOException {
        return read(new ByteArrayInputStream(bytes), format);
    }

    static List<RowResult> resource(String name, TransactionFormat format) throws IOException {
        return read(open(name), format);
    }

    static InputStream open(String name) {
        InputStream in = Rows.class.getResourceAsStream("/imports/" + name);
        assertNotNull(in, "test resource /imports/" + name);
        return in;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static PurchaseRow purchase(RowResult result) {
        if (result instanceof PurchaseRow row) {
            return row;
        }
        throw new AssertionError("expected a purchase, got " + result);
    }

    static RowError error(RowResult result) {
        if (result instanceof RowError error) {
            return error;
        }
        throw new AssertionError("expected an error, got " + result);
    }

    static List<String> fingerprints(List<RowResult> results) {
        List<String> fingerprints = new ArrayList<>();
        for (RowResult r : results) {
            fingerprints.add(purchase(r).fingerprint());
        }
        return fingerprints;
    }
}
