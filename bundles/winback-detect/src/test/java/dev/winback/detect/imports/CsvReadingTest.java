package dev.winback.detect.imports;

import static dev.winback.detect.imports.Rows.bytes;
import static dev.winback.detect.imports.Rows.error;
import static dev.winback.detect.imports.Rows.gzip;
import static dev.winback.detect.imports.Rows.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReadingTest {
    @Test
    void readsTheDefaultLayout() throws IOException {
        List<RowResult> rows = Rows.resource("default.csv", TransactionFormat.csv());
        assertEquals(3, rows.size());
        PurchaseRow first = purchase(rows.get(0));
        assertEquals(2, first.lineNumber());
        assertEquals("c1", first.externalId());
        assertNull(first.source());
        assertEquals(LocalDate.of(2026, 1, 5), first.date());
        assertEquals(new BigDecimal("19.99"), first.amount());
        assertEquals(64, first.fingerprint().length());
        assertEquals(new BigDecimal("5"), purchase(rows.get(1)).amount());
        // An ISO date-time: the date as written.
        assertEquals(LocalDate.of(2026, 2, 1), purchase(rows.get(2)).date());
        assertEquals(4, purchase(rows.get(2)).lineNumber());
    }

    @Test
    void mapsColumnsDateFormatDecimalCommaDelimiterAndSourceColumn() throws IOException {
        TransactionFormat format = TransactionFormat.csv().withDelimiter(';').withExternalIdColumn("kunde")
                .withDateColumn("Datum").withAmountColumn("Betrag").withSourceColumn("System")
                .withFixedSource("erp").withDatePattern("dd/MM/yyyy").withDecimalSeparator(',');
        List<RowResult> rows = Rows.resource("mapped-semicolon.csv", format);
        assertEquals(2, rows.size());
        PurchaseRow k1 = purchase(rows.get(0));
        assertEquals("K-1", k1.externalId());
        assertEquals("shop", k1.source());
        assertEquals(LocalDate.of(2026, 1, 5), k1.date());
        assertEquals(new BigDecimal("19.99"), k1.amount());
        PurchaseRow k2 = purchase(rows.get(1));
        assertEquals("erp", k2.source(), "an empty source column falls back to the fixed source");
        assertEquals(LocalDate.of(2025, 12, 31), k2.date());
        assertEquals(new BigDecimal("-5.00"), k2.amount());
        assertTrue(k2.refund(), "refunds are negative amounts and accepted by default");
    }

    @Test
    void readsCompactDatesAndDateTimePatterns() throws IOException {
        List<RowResult> compact = Rows.read("externalId,date,amount\nc1,20260105,1\nc1,20260230,1\n",
                TransactionFormat.csv().withDatePattern("yyyyMMdd"));
        assertEquals(LocalDate.of(2026, 1, 5), purchase(compact.get(0)).date());
        assertEquals("line 3: date '20260230' is not a date in format yyyyMMdd", error(compact.get(1)).message());

        List<RowResult> timed = Rows.read("externalId,date,amount\nc1,2026-01-05 23:59:59,1\n",
                TransactionFormat.csv().withDatePattern("yyyy-MM-dd HH:mm:ss"));
        assertEquals(LocalDate.of(2026, 1, 5), purchase(timed.get(0)).date());
    }

    @Test
    void readsFilesWithoutHeaderByConfiguredColumnNames() throws IOException {
        List<RowResult> rows = Rows.read("x1,2026-01-05,3.5,ignored\n",
                TransactionFormat.csv().withColumnNames(List.of("externalId", "date", "amount", "other")));
        assertEquals(1, purchase(rows.get(0)).lineNumber());
        assertEquals("x1", purchase(rows.get(0)).externalId());
    }

    @Test
    void matchesHeaderNamesTrimmedAndIgnoringCase() throws IOException {
        List<RowResult> rows = Rows.read(" ExternalID , DATE ,Amount\n c1 , 2026-01-05 , 2 \n",
                TransactionFormat.csv());
        PurchaseRow row = purchase(rows.get(0));
        assertEquals("c1", row.externalId());
        assertEquals(new BigDecimal("2"), row.amount());
    }

    @Test
    void aHeaderWithoutAMappedColumnIsFatalBeforeAnyRow() {
        TransactionFormatException e = assertThrows(TransactionFormatException.class,
                () -> Rows.read("customer,date,total\nc1,2026-01-05,1\n", TransactionFormat.csv()));
        assertEquals("line 1: the header lacks the columns 'externalId', 'amount' (it has [customer, date, total];"
                + " map other names with the import's column parameters)", e.getMessage());
    }

    @Test
    void aHeaderWithAMappedColumnTwiceIsFatal() {
        TransactionFormatException e = assertThrows(TransactionFormatException.class,
                () -> Rows.read("externalId,date,amount,Amount\n", TransactionFormat.csv()));
        assertTrue(e.getMessage().contains("column 'amount' twice"), e.getMessage());
    }

    @Test
    void anEmptyInputIsFatal() {
        TransactionFormatException e = assertThrows(TransactionFormatException.class,
                () -> Rows.read("\n\n", TransactionFormat.csv()));
        assertEquals("the input is empty: expected a header line with the columns externalId,date,amount",
                e.getMessage());
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws IOException {
        assertEquals(List.of(), Rows.read("externalId,date,amount\n", TransactionFormat.csv()));
    }

    @Test
    void readsQuotedFieldsAndCountsPhysicalLines() throws IOException {
        List<RowResult> rows = Rows.resource("quoted.csv", TransactionFormat.csv());
        assertEquals(3, rows.size());
        PurchaseRow first = purchase(rows.get(0));
        assertEquals("c,1", first.externalId());
        assertEquals(2, first.lineNumber());
        PurchaseRow second = purchase(rows.get(1));
        assertEquals("c2", second.externalId());
        assertEquals(3, second.lineNumber(), "the record starts on line 3 and ends on line 4");
        assertEquals("line 5: amount 'abc' is not a number", error(rows.get(2)).message());
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        List<RowResult> rows = Rows.read("externalId,date,amount\n\nc1,2026-01-05,1\n\n\nc2,x,1\n",
                TransactionFormat.csv());
        assertEquals(3, rows.get(0).lineNumber());
        assertEquals("line 6: date 'x' is not a date in format yyyy-MM-dd (or an ISO date-time)",
                error(rows.get(1)).message());
    }

    @Test
    void brokenQuotingIsFatalWithItsLine() throws IOException {
        try (TransactionReader reader = TransactionReader.open(new ByteArrayInputStream(
                bytes("externalId,date,amount\nc1,2026-01-05,1\n\"c2\"x,2026-01-05,1\n")), TransactionFormat.csv())) {
            purchase(reader.next());
            TransactionFormatException e = assertThrows(TransactionFormatException.class, reader::next);
            assertTrue(e.getMessage().startsWith("line 3: the CSV cannot be read past this line"), e.getMessage());
        }
    }

    @Test
    void reportsEachKindOfBadRow() throws IOException {
        List<RowResult> rows = Rows.resource("bad-rows.csv", TransactionFormat.csv());
        assertEquals(List.of(
                "line 2: amount 'abc' is not a number",
                "line 3: date '2026-13-01' is not a date in format yyyy-MM-dd (or an ISO date-time)",
                "line 4: expected 3 fields as in the header, found 2",
                "line 5: externalId is empty",
                "line 6: expected 3 fields as in the header, found 4",
                "line 7: amount '1,50' is not a number (the decimal separator is '.', and thousands separators"
                        + " are not accepted)",
                "line 8: date is empty; amount is empty",
                "line 9: date '2026-02-30' is not a date in format yyyy-MM-dd (or an ISO date-time)"),
                rows.subList(0, 8).stream().map(r -> error(r).message()).toList());
        assertEquals("amount", error(rows.get(0)).field());
        assertEquals("date", error(rows.get(1)).field());
        assertNull(error(rows.get(2)).field(), "a wrong field count concerns the whole record");
        assertEquals("externalId", error(rows.get(3)).field());
        assertEquals("c9", purchase(rows.get(8)).externalId());
    }

    @Test
    void refundsCanBeRefused() throws IOException {
        List<RowResult> rows = Rows.read("externalId,date,amount\nc1,2026-01-05,-4.5\n",
                TransactionFormat.csv().withNegativeAmounts(false));
        assertEquals("line 2: amount '-4.5' is negative, and this import does not accept refunds",
                error(rows.get(0)).message());
    }

    @Test
    void decimalCommaRejectsPoints() throws IOException {
        List<RowResult> rows = Rows.read("externalId;date;amount\nc1;2026-01-05;1.000,50\n",
                TransactionFormat.csv().withDelimiter(';').withDecimalSeparator(','));
        assertTrue(error(rows.get(0)).message().startsWith("line 2: amount '1.000,50' is not a number"));
    }

    @Test
    void readsGzipByMagicBytesBomAndCrlf() throws IOException {
        String crlf = "externalId,date,amount\r\nc1,2026-01-05,1\r\n\"c\r\n2\",2026-01-06,2\r\nc3,2026-01-07,z\r\n";
        byte[] plain = bytes(crlf);
        byte[] withBom = new byte[plain.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withBom, 3, plain.length);
        for (byte[] input : List.of(plain, withBom, gzip(plain), gzip(withBom))) {
            List<RowResult> rows = Rows.read(input, TransactionFormat.csv());
            assertEquals("c1", purchase(rows.get(0)).externalId(), "the BOM is not part of the first column name");
            assertEquals(2, rows.get(0).lineNumber());
            assertEquals("c\r\n2", purchase(rows.get(1)).externalId());
            assertEquals(3, rows.get(1).lineNumber());
            assertEquals("line 5: amount 'z' is not a number", error(rows.get(2)).message());
        }
    }

    @Test
    void bytesThatAreNotUtf8AreFatal() {
        byte[] latin1 = "externalId,date,amount\nM\u00fcller,2026-01-05,1\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        TransactionFormatException e = assertThrows(TransactionFormatException.class,
                () -> Rows.read(latin1, TransactionFormat.csv()));
        assertEquals("the input is not UTF-8 text (a bad byte at or after line 1; save the file as UTF-8)",
                e.getMessage());
    }

    @Test
    void damagedGzipIsFatal() {
        byte[] gz = gzip(bytes("externalId,date,amount\n" + "c1,2026-01-05,1\n".repeat(10_000)));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        TransactionFormatException e = assertThrows(TransactionFormatException.class,
                () -> Rows.read(cut, TransactionFormat.csv()));
        assertTrue(e.getMessage().contains("the gzip data is damaged or cut short"), e.getMessage());
    }

    @Test
    void readsWhitespaceSeparatedColumnsWithHeader() throws IOException {
        List<RowResult> rows = Rows.read("id   day        value\n  a1  2026-01-05\t 3.25  \n a2 2026-01-06\n",
                TransactionFormat.whitespace().withExternalIdColumn("id").withDateColumn("day")
                        .withAmountColumn("value"));
        assertEquals(new BigDecimal("3.25"), purchase(rows.get(0)).amount());
        assertEquals("line 3: expected 3 fields as in the header, found 2", error(rows.get(1)).message());
    }

    @Test
    void rejectsContradictoryFormats() {
        assertThrows(IllegalArgumentException.class, () -> TransactionFormat.csv().withDecimalSeparator(','));
        assertThrows(IllegalArgumentException.class, () -> TransactionFormat.csv().withDatePattern("yyyy-MM-dd{"));
        assertThrows(IllegalArgumentException.class, () -> TransactionFormat.csv().withAmountColumn(" "));
        assertThrows(IllegalArgumentException.class, () -> TransactionFormat.csv().withDelimiter('"'));
    }
}
