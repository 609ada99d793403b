package dev.winback.detect.imports;

import java.util.List;

/**
 * The outcome of reading one import file.
 *
 * @param rows        data rows read (good and bad; blank lines and the header do not count)
 * @param purchases   rows read as purchases and handed on
 * @param errorCount  bad rows
 * @param errors      the first bad rows (as many as the budget keeps), in file order
 * @param abortReason why the import was aborted (budget spent, or the file unreadable), or {@code null} if it ran
 *                    to the end. An aborted import must store nothing: the caller writes the purchases it was
 *                    handed in one transaction (or a staging area) and rolls back when this is set.
 */
public record ImportReport(long rows, long purchases, long errorCount, List<RowError> errors, String abortReason) {
    public ImportReport {
        errors = List.copyOf(errors);
    }

    public boolean aborted() {
        return abortReason != null;
    }

    /** One line for a person: {@code 1200 rows, 1197 purchases, 3 bad rows} or {@code aborted: ...}. */
    public String summary() {
        String counts = rows + " rows, " + purchases + " purchases, " + errorCount + " bad row"
                + (errorCount == 1 ? "" : "s");
        return aborted() ? "aborted: " + abortReason + " (" + counts + ")" : counts;
    }
}
