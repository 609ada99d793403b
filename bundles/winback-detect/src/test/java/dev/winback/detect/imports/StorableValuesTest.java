package dev.winback.detect.imports;

import static dev.winback.detect.imports.Rows.error;
import static dev.winback.detect.imports.Rows.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values wider than Winback stores them are bad rows, not a failed import when the batch reaches the database. */
class StorableValuesTest {
    @Test
    void anExternalIdLongerThanTheColumnIsABadRow() throws IOException {
        String longId = "c".repeat(TransactionReader.MAX_EXTERNAL_ID + 1);
        String fits = "c".repeat(TransactionReader.MAX_EXTERNAL_ID);
        List<RowResult> rows = Rows.read("externalId,date,amount\n" + longId + ",2026-01-05,1\n" + fits
                + ",2026-01-05,1\n", TransactionFormat.csv());
        assertEquals("externalId", error(rows.get(0)).field());
        assertEquals(fits, purchase(rows.get(1)).externalId());
    }

    @Test
    void aSourceLongerThanTheColumnIsABadRow() throws IOException {
        List<RowResult> rows = Rows.read("externalId,date,amount,system\nc1,2026-01-05,1,"
                + "s".repeat(TransactionReader.MAX_SOURCE + 1) + "\n",
                TransactionFormat.csv().withSourceColumn("system"));
        assertEquals("line 2: system '" + "s".repeat(37) + "...' is longer than 64 characters",
                error(rows.get(0)).message());
    }

    @Test
    void anAmountBeyondFifteenIntegerDigitsIsABadRow() throws IOException {
        List<RowResult> rows = Rows.read("externalId,date,amount\nc1,2026-01-05,1234567890123456\n"
                + "c1,2026-01-05,123456789012345.5\n", TransactionFormat.csv());
        assertEquals("amount", error(rows.get(0)).field());
        assertEquals(new BigDecimal("123456789012345.5"), purchase(rows.get(1)).amount());
    }
}
