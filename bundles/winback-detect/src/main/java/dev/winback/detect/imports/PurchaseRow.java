package dev.winback.detect.imports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One purchase read from an import file.
 *
 * @param lineNumber  the physical line (1-based) on which the record starts
 * @param externalId  the customer's id in the host, trimmed, never empty
 * @param source      the host system, or {@code null} when the format names none (the importer's default applies)
 * @param date        the purchase date; of a date-time, the date as written (no time-zone conversion)
 * @param amount      the amount as written; negative for a refund (when the format accepts them)
 * @param contentHash SHA-256 (hex) of the normalised content alone, equal for identical rows
 * @param fingerprint a stable id of this purchase within the file, see below
 *
 * <p><b>Fingerprint.</b> Without a transaction id column it is the SHA-256 (hex) of the normalised content
 * {@code source, externalId, date (ISO), amount (trailing zeros stripped)} followed by the occurrence of that same
 * content in the file so far (1 for the first, 2 for the second identical row, ...). Two identical purchases on the
 * same day in one file are thus two purchases (a customer can buy the same thing twice in a day, and an export with
 * no transaction id cannot tell them apart), while reading the same file again yields exactly the same
 * fingerprints, so a store with a unique key on the fingerprint adds nothing the second time. Because it hashes
 * values, not bytes or line numbers, the same data re-exported with other column order, quoting, line endings,
 * compression or as JSON lines also adds nothing; a changed row gets a new fingerprint. The trade-off: a later file
 * that holds the <em>k</em>-th identical purchase of a customer on a day is treated as a repeat of the earlier
 * file's <em>k</em>-th; when the host has transaction ids, map them with
 * {@link TransactionFormat#withTransactionIdColumn} and the fingerprint becomes SHA-256 of
 * {@code source, externalId, transactionId} (no occurrence count: a repeated id is the same transaction).
 *
 * <p>The occurrence count is kept in memory while reading (about 24 bytes per distinct row). A store that would
 * rather not rely on it for very large files can stage rows with their {@code contentHash} and line number and
 * number the occurrences itself ({@code ROW_NUMBER() OVER (PARTITION BY content_hash ORDER BY line)}), which
 * gives the same idempotency.
 */
public record PurchaseRow(long lineNumber, String externalId, String source, LocalDate date, BigDecimal amount,
        String contentHash, String fingerprint) implements RowResult {
    public PurchaseRow {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** Whether this row is a refund (a negative amount). */
    public boolean refund() {
        return amount.signum() < 0;
    }
}
