package dev.winback.detect.imports;

import static dev.winback.detect.imports.Rows.bytes;
import static dev.winback.detect.imports.Rows.error;
import static dev.winback.detect.imports.Rows.gzip;
import static dev.winback.detect.imports.Rows.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReadingTest {
    @Test
    void readsObjectsPerLine() throws IOException {
        List<RowResult> rows = Rows.resource("purchases.jsonl", TransactionFormat.jsonLines());
        assertEquals(3, rows.size());
        PurchaseRow first = purchase(rows.get(0));
        assertEquals(1, first.lineNumber());
        assertEquals(new BigDecimal("19.99"), first.amount(), "no detour through double");
        PurchaseRow second = purchase(rows.get(1));
        assertEquals(new BigDecimal("5.00"), second.amount(), "an amount as a string is read too");
        PurchaseRow third = purchase(rows.get(2));
        assertEquals(4, third.lineNumber(), "blank lines are skipped but counted");
        assertEquals("42", third.externalId(), "a numeric id is read as text");
        assertEquals(LocalDate.of(2026, 1, 7), third.date());
        assertEquals(new BigDecimal("-3"), third.amount());
    }

    @Test
    void mapsFieldNamesAndSource() throws IOException {
        TransactionFormat format = TransactionFormat.jsonLines().withExternalIdColumn("customer")
                .withDateColumn("day").withAmountColumn("total").withSourceColumn("system")
                .withDatePattern("dd.MM.yyyy").withDecimalSeparator(',');
        List<RowResult> rows = Rows.read("""
                {"customer":"a","day":"05.01.2026","total":"12,50","system":"shop"}
                {"customer":"b","day":"06.01.2026","total":7.25}
                """, format);
        PurchaseRow a = purchase(rows.get(0));
        assertEquals("shop", a.source());
        assertEquals(new BigDecimal("12.50"), a.amount());
        assertEquals(LocalDate.of(2026, 1, 5), a.date());
        assertEquals(new BigDecimal("7.25"), purchase(rows.get(1)).amount(),
                "a JSON number is a number whatever the decimal separator for text");
    }

    @Test
    void reportsBadLines() throws IOException {
        List<RowResult> rows = Rows.read("""
                {"externalId":"c1","date":"2026-01-05"}
                {"externalId":"c1","date":"2026-01-05","amount":"abc"}
                {"externalId":"c1","date":"2026-01-05","amount":1
                [1,2]
                {"externalId":"","date":null,"amount":1}
                {"externalId":["c1"],"date":"2026-01-05","amount":1}
                {"externalId":"c1","date":"05/01/2026","amount":1} trailing
                """, TransactionFormat.jsonLines());
        List<String> messages = rows.stream().map(r -> error(r).message()).toList();
        assertEquals("line 1: amount is missing", messages.get(0));
        assertEquals("amount", error(rows.get(0)).field());
        assertEquals("line 2: amount 'abc' is not a number", messages.get(1));
        assertTrue(messages.get(2).startsWith("line 3: not valid JSON ("), messages.get(2));
        assertEquals("line 4: expected a JSON object, found '[1,2]'", messages.get(3));
        assertEquals("line 5: externalId is empty; date is missing", messages.get(4));
        assertEquals("line 6: externalId is an array, not a single value", messages.get(5));
        assertTrue(messages.get(6).startsWith("line 7: not valid JSON ("), messages.get(6));
    }

    @Test
    void readsGzippedJsonLinesWithCrlf() throws IOException {
        byte[] gz = gzip(bytes("{\"externalId\":\"c1\",\"date\":\"2026-01-05\",\"amount\":1}\r\n\r\n"
                + "{\"externalId\":\"c2\",\"date\":\"2026-01-06\",\"amount\":2}\r\n"));
        List<RowResult> rows = Rows.read(gz, TransactionFormat.jsonLines());
        assertEquals(3, purchase(rows.get(1)).lineNumber());
        assertEquals("c2", purchase(rows.get(1)).externalId());
    }
}
