package dev.winback.detect.imports;

import static dev.winback.detect.imports.Rows.bytes;
import static dev.winback.detect.imports.Rows.fingerprints;
import static dev.winback.detect.imports.Rows.gzip;
import static dev.winback.detect.imports.Rows.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static final String FILE = """
            externalId,date,amount
            c1,2026-01-05,19.99
            c2,2026-01-05,5.00
            c1,2026-01-05,19.99
            c3,2026-01-06,7
            """;

    @Test
    void isStableAcrossReadsOfTheSameFile() throws IOException {
        List<String> first = fingerprints(Rows.read(FILE, TransactionFormat.csv()));
        List<String> second = fingerprints(Rows.read(FILE, TransactionFormat.csv()));
        assertEquals(first, second);
        assertEquals(fingerprints(Rows.resource("default.csv", TransactionFormat.csv())),
                fingerprints(Rows.resource("default.csv", TransactionFormat.csv())));
        for (String f : first) {
            assertTrue(f.matches("[0-9a-f]{64}"), f);
        }
    }

    @Test
    void countsIdenticalPurchasesInOneFileSeparately() throws IOException {
        List<String> fingerprints = fingerprints(Rows.read(FILE, TransactionFormat.csv()));
        assertNotEquals(fingerprints.get(0), fingerprints.get(2), "two identical purchases on a day are two");
        List<RowResult> rows = Rows.read(FILE, TransactionFormat.csv());
        assertEquals(purchase(rows.get(0)).contentHash(), purchase(rows.get(2)).contentHash());
        assertNotEquals(purchase(rows.get(0)).contentHash(), purchase(rows.get(1)).contentHash());
        assertEquals(4, new HashSet<>(fingerprints).size());
    }

    @Test
    void changesWithAnyValueOfTheRow() throws IOException {
        List<String> original = fingerprints(Rows.read(FILE, TransactionFormat.csv()));
        for (String changed : List.of(FILE.replace("c2,2026-01-05,5.00", "c2,2026-01-05,5.01"),
                FILE.replace("c2,2026-01-05,5.00", "c2,2026-01-04,5.00"),
                FILE.replace("c2,2026-01-05,5.00", "c9,2026-01-05,5.00"))) {
            List<String> other = fingerprints(Rows.read(changed, TransactionFormat.csv()));
            assertNotEquals(original.get(1), other.get(1));
            assertEquals(original.get(0), other.get(0), "the other rows keep theirs");
            assertEquals(original.get(2), other.get(2));
            assertEquals(original.get(3), other.get(3));
        }
        List<String> otherSource = fingerprints(Rows.read(FILE, TransactionFormat.csv().withFixedSource("erp")));
        assertNotEquals(original.get(0), otherSource.get(0), "the source is part of the purchase");
    }

    @Test
    void dependsOnValuesNotOnTheirSpelling() throws IOException {
        List<String> csv = fingerprints(Rows.read(FILE, TransactionFormat.csv()));
        String respelled = """
                amount;Date;externalId
                "19,990";05/01/2026;c1
                5;05/01/2026;"c2"
                19,99;05/01/2026;c1
                7,00;06/01/2026;c3
                """.replace("\n", "\r\n");
        TransactionFormat semicolons = TransactionFormat.csv().withDelimiter(';').withDecimalSeparator(',')
                .withDatePattern("dd/MM/yyyy");
        assertEquals(csv, fingerprints(Rows.read(gzip(bytes(respelled)), semicolons)));
        String jsonLines = """
                {"externalId":"c1","date":"2026-01-05T09:00:00","amount":19.99}
                {"externalId":"c2","date":"2026-01-05","amount":"5"}
                {"externalId":"c1","date":"2026-01-05","amount":19.990}
                {"externalId":"c3","date":"2026-01-06","amount":7}
                """;
        assertEquals(csv, fingerprints(Rows.read(jsonLines, TransactionFormat.jsonLines())));
    }

    @Test
    void aTransactionIdReplacesContentAndOccurrence() throws IOException {
        TransactionFormat format = TransactionFormat.csv().withTransactionIdColumn("txn");
        String file = "externalId,date,amount,txn\nc1,2026-01-05,1,T1\nc1,2026-01-05,1,T2\nc1,2026-01-05,1,T1\n";
        List<String> fingerprints = fingerprints(Rows.read(file, format));
        assertNotEquals(fingerprints.get(0), fingerprints.get(1));
        assertEquals(fingerprints.get(0), fingerprints.get(2), "a repeated transaction id is the same purchase");
        String corrected = file.replace("c1,2026-01-05,1,T2", "c1,2026-01-06,2,T2");
        assertEquals(fingerprints, fingerprints(Rows.read(corrected, format)));
        assertEquals("line 2: txn is empty",
                Rows.error(Rows.read("externalId,date,amount,txn\nc1,2026-01-05,1,\n", format).get(0)).message());
    }

    @Test
    void theOccurrenceCounterCountsManyKeys() {
        OccurrenceCounter counter = new OccurrenceCounter();
        for (long k = -50_000; k < 50_000; k++) {
            assertEquals(1, counter.increment(k * 0x100000001L));
        }
        for (long k = -50_000; k < 50_000; k++) {
            assertEquals(2, counter.increment(k * 0x100000001L));
        }
        assertEquals(100_000, counter.distinct());
    }

    @Test
    void keepsRowLineNumbersInTheFingerprintOut() throws IOException {
        Set<String> once = new HashSet<>(fingerprints(Rows.read(FILE, TransactionFormat.csv())));
        String shifted = FILE.replace("externalId,date,amount\n", "externalId,date,amount\n\n\n");
        List<RowResult> rows = Rows.read(shifted, TransactionFormat.csv());
        assertEquals(4, purchase(rows.get(0)).lineNumber());
        assertEquals(once, new HashSet<>(fingerprints(rows)));
    }
}
