package dev.winback.bounty.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsKeptAsText() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"\r\n", Csv.line(List.of("=HYPERLINK(\"http://x\")")));
        assertEquals("'+1,'-2,'@SUM(A1),'\tx\r\n", Csv.line(List.of("+1", "-2", "@SUM(A1)", "\tx")));
        assertEquals("a=b,x-1\r\n", Csv.line(List.of("a=b", "x-1")), "only a leading sign starts a formula");
    }

    @Test
    void numbersStayNumbersAndEmptyCellsStayEmpty() {
        assertEquals("-12.50,3,\r\n", Csv.line(Arrays.asList(new BigDecimal("-12.50"), 3, null)));
    }

    @Test
    void separatorsQuotesAndLineBreaksAreQuoted() {
        assertEquals("\"Smith, Jane\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n",
                Csv.line(List.of("Smith, Jane", "say \"hi\"", "two\nlines")));
    }
}
