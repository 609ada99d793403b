package dev.winback.systests;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** CSV files of purchases (externalId, date, amount) for imports in the system tests. */
final class PurchaseFiles {
    private PurchaseFiles() {
    }

    /**
     * 500 customers named {@code prefix<n>} with 1 to 6 purchases each between January 2025 and June 2026: enough
     * repeat buying for a detection run to fit its model on.
     */
    static byte[] history(String prefix) {
        StringBuilder csv = new StringBuilder("externalId,date,amount\n");
        LocalDate first = LocalDate.of(2025, 1, 1);
        for (int c = 0; c < 500; c++) {
            for (int p = 0; p <= c % 6; p++) {
                csv.append(prefix).append(c).append(',').append(first.plusDays((c * 7L + p * 61L) % 540))
                        .append(',').append(10 + c % 90).append(".50\n");
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code customers} customers named {@code prefix<n>} sharing {@code rows} purchases, each on its own day. */
    static byte[] spread(String prefix, int rows, int customers) {
        StringBuilder csv = new StringBuilder(rows * 34).append("externalId,date,amount\n");
        LocalDate first = LocalDate.of(2000, 1, 1);
        for (int r = 0; r < rows; r++) {
            csv.append(prefix).append(r % customers).append(',').append(first.plusDays(r / customers)).append(',')
                    .append(1 + r % 50).append(".25\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
