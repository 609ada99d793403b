package dev.winback.detect.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a whole import against an {@link ErrorBudget}: good rows go to a sink, bad rows are counted and the first
 * ones kept, and the import stops as soon as the budget is spent or the input turns out unreadable.
 *
 * <p>The sink sees the purchases of an import that is later aborted: it must stage them (one database
 * transaction, or a staging table) and make them visible only when the returned report is not
 * {@link ImportReport#aborted() aborted}, so an aborted import leaves nothing half-written.
 */
public final class TransactionImport {
    private TransactionImport() {
    }

    /**
     * Reads {@code in} (closing it) with {@code format}.
     *
     * @return the report; aborted with the reason if the budget was spent or the input is unreadable
     *         ({@link TransactionFormatException}, e.g. a header without a mapped column)
     * @throws IOException when the stream itself fails, or what the sink throws
     */
    public static ImportReport read(InputStream in, TransactionFormat format, ErrorBudget budget,
            Consumer<? super PurchaseRow> sink) throws IOException {
        return read(in, format, budget, sink, ReadProgress.NONE);
    }

    /**
     * Like {@link #read(InputStream, TransactionFormat, ErrorBudget, Consumer)}, and tells {@code progress} after
     * every row.
     */
    public static ImportReport read(InputStream in, TransactionFormat format, ErrorBudget budget,
            Consumer<? super PurchaseRow> sink, ReadProgress progress) throws IOException {
        return read(in, format, ReadLimits.DEFAULT, budget, sink, progress);
    }

    /**
     * Like {@link #read(InputStream, TransactionFormat, ErrorBudget, Consumer, ReadProgress)}, within
     * {@code limits}: an input that crosses one is aborted there with the limit named.
     */
    public static ImportReport read(InputStream in, TransactionFormat format, ReadLimits limits, ErrorBudget budget,
            Consumer<? super PurchaseRow> sink, ReadProgress progress) throws IOException {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(sink, "sink");
        ErrorBudget.Tally tally = budget.tally();
        long purchases = 0;
        String abortReason = null;
        try (TransactionReader reader = TransactionReader.open(in, format, limits)) {
            for (RowResult result; (result = reader.next()) != null; ) {
                boolean intact;
                if (result instanceof PurchaseRow row) {
                    sink.accept(row);
                    purchases++;
                    intact = tally.good();
                } else {
                    intact = tally.bad((RowError) result);
                }
                progress.afterRow(tally.rows(), purchases, tally.errors());
                if (!intact) {
                    abortReason = "line " + result.lineNumber() + ": the error budget is spent: "
                            + tally.exceededBecause();
                    break;
                }
            }
        } catch (TransactionFormatException e) {
            abortReason = e.getMessage();
        }
        return new ImportReport(tally.rows(), purchases, tally.errors(), tally.keptErrors(), abortReason);
    }
}
