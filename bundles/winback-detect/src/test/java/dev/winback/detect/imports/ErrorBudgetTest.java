package dev.winback.detect.imports;

import static dev.winback.detect.imports.Rows.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {
    private static String csv(int good, int bad) {
        StringBuilder s = new StringBuilder("externalId,date,amount\n");
        for (int i = 0; i < good; i++) {
            s.append("c").append(i).append(",2026-01-05,1\n");
        }
        for (int i = 0; i < bad; i++) {
            s.append("b").append(i).append(",2026-01-05,x\n");
        }
        return s.toString();
    }

    private static ImportReport run(String csv, ErrorBudget budget, List<PurchaseRow> sink) throws IOException {
        return TransactionImport.read(new ByteArrayInputStream(bytes(csv)), TransactionFormat.csv(), budget,
                sink::add);
    }

    @Test
    void continuesPastBadRowsWithinTheBudget() throws IOException {
        List<PurchaseRow> sink = new ArrayList<>();
        ImportReport report = run(csv(8, 2),
                new ErrorBudget(2, 100, 0, 10), sink);
        assertFalse(report.aborted());
        assertNull(report.abortReason());
        assertEquals(10, report.rows());
        assertEquals(8, report.purchases());
        assertEquals(8, sink.size());
        assertEquals(2, report.errorCount());
        assertEquals("line 10: amount 'x' is not a number", report.errors().get(0).message());
        assertEquals("10 rows, 8 purchases, 2 bad rows", report.summary());
    }

    @Test
    void abortsWhenTheCountIsExceeded() throws IOException {
        ImportReport report = run(csv(5, 10), new ErrorBudget(3, 100, 0, 2), new ArrayList<>());
        assertTrue(report.aborted());
        assertEquals("line 10: the error budget is spent: more than 3 bad rows (4 of 9 rows read)",
                report.abortReason());
        assertEquals(9, report.rows(), "reading stops at the row that spends the budget");
        assertEquals(4, report.errorCount());
        assertEquals(2, report.errors().size(), "only the first errors are kept");
        assertEquals("line 7: amount 'x' is not a number", report.errors().get(0).message());
    }

    @Test
    void abortsWhenTheShareIsExceededOnceEnoughRowsAreRead() throws IOException {
        ErrorBudget budget = new ErrorBudget(1000, 10.0, 20, 1000);
        ImportReport report = run(csv(17, 5), budget, new ArrayList<>());
        // After 20 rows (17 good, 3 bad) the share is 15 %.
        assertEquals("line 21: the error budget is spent: more than 10% of the rows are bad (3 of 20 rows read)",
                report.abortReason());
        // A small file is judged by the count alone.
        assertFalse(run(csv(3, 5), budget, new ArrayList<>()).aborted());
    }

    @Test
    void theDefaultToleratesAHundredBadRows() throws IOException {
        assertFalse(run(csv(2000, 100), ErrorBudget.DEFAULT, new ArrayList<>()).aborted());
        ImportReport report = run(csv(2000, 101), ErrorBudget.DEFAULT, new ArrayList<>());
        assertEquals("line 2102: the error budget is spent: more than 100 bad rows (101 of 2101 rows read)",
                report.abortReason());
    }

    @Test
    void strictAbortsOnTheFirstBadRow() throws IOException {
        ImportReport report = run(csv(3, 1), ErrorBudget.strict(), new ArrayList<>());
        assertEquals("line 5: the error budget is spent: more than 0 bad rows (1 of 4 rows read)",
                report.abortReason());
        assertEquals(1, report.errors().size());
    }

    @Test
    void anUnreadableHeaderAbortsBeforeAnyRow() throws IOException {
        List<PurchaseRow> sink = new ArrayList<>();
        ImportReport report = run("id,date,amount\nc1,2026-01-05,1\n", ErrorBudget.DEFAULT, sink);
        assertTrue(report.aborted());
        assertTrue(report.abortReason().startsWith("line 1: the header lacks the column 'externalId'"),
                report.abortReason());
        assertEquals(0, report.rows());
        assertTrue(sink.isEmpty());
        assertTrue(report.summary().startsWith("aborted: line 1: the header lacks"));
    }

    @Test
    void rejectsNonsenseBudgets() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorBudget(-1, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ErrorBudget(1, 101, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ErrorBudget(1, Double.NaN, 0, 0));
    }
}
