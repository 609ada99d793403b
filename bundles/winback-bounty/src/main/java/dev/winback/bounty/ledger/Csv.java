package dev.winback.bounty.ledger;

import java.util.List;

/** CSV as spreadsheets and payroll imports read it (RFC 4180), with text that cannot run as a formula. */
final class Csv {
    private Csv() {
    }

    static String line(List<?> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        return out.append("\r\n").toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number) {
            return value instanceof java.math.BigDecimal ? ((java.math.BigDecimal) value).toPlainString()
                    : value.toString();
        }
        String text = value.toString();
        // A rep called "=HYPERLINK(...)" must stay a name when payroll opens the file in a spreadsheet.
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
