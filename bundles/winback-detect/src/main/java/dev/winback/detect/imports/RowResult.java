package dev.winback.detect.imports;

/** What {@link TransactionReader} yields for one data record: a {@link PurchaseRow} or a {@link RowError}. */
public sealed interface RowResult permits PurchaseRow, RowError {
    /** The physical line (1-based, the header counts) on which the record starts. */
    long lineNumber();
}
