package dev.winback.detect.imports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How many bad rows an import tolerates. The import goes on past bad rows until there are more than
 * {@code maxErrors} of them, or, once at least {@code minRowsForRatio} data rows have been read, more than
 * {@code maxErrorPercent} percent of the rows read so far are bad (checked after every row and at the end, so a
 * small file is judged by the count alone). The first {@code keptErrors} errors are kept for the report; the
 * rest are only counted.
 *
 * @param maxErrors       bad rows allowed; one more aborts (0 = any bad row aborts)
 * @param maxErrorPercent percentage of bad rows allowed, 0 to 100 (100 = no ratio limit)
 * @param minRowsForRatio rows to read before the percentage applies
 * @param keptErrors      errors kept for the report
 */
public record ErrorBudget(long maxErrors, double maxErrorPercent, long minRowsForRatio, int keptErrors) {
    /** 100 errors, 10 % of the rows once 100 rows have been read; the first 1,000 errors are kept. */
    public static final ErrorBudget DEFAULT = new ErrorBudget(100, 10.0, 100, 1000);

    public ErrorBudget {
        if (maxErrors < 0 || minRowsForRatio < 0 || keptErrors < 0) {
            throw new IllegalArgumentException("error budget limits must not be negative");
        }
        if (!(maxErrorPercent >= 0 && maxErrorPercent <= 100)) {
            throw new IllegalArgumentException("maxErrorPercent must be within 0..100, was " + maxErrorPercent);
        }
    }

    /** No bad row is tolerated. */
    public static ErrorBudget strict() {
        return new ErrorBudget(0, 100, 0, DEFAULT.keptErrors);
    }

    /** A fresh tally for one import. */
    public Tally tally() {
        return new Tally(this);
    }

    /** The running count of one import against its budget. Not thread-safe. */
    public static final class Tally {
        private final ErrorBudget budget;
        private final List<RowError> kept = new ArrayList<>();
        private long rows;
        private long errors;
        private String exceededBecause;

        private Tally(ErrorBudget budget) {
            this.budget = budget;
        }

        /** Counts a good row; returns whether the budget is still intact. */
        public boolean good() {
            rows++;
            return check();
        }

        /** Counts a bad row (kept if there is room); returns whether the budget is still intact. */
        public boolean bad(RowError error) {
            rows++;
            errors++;
            if (kept.size() < budget.keptErrors) {
                kept.add(error);
            }
            return check();
        }

        private boolean check() {
            if (exceededBecause != null) {
                return false;
            }
            if (errors > budget.maxErrors) {
                exceededBecause = "more than " + budget.maxErrors + " bad row" + (budget.maxErrors == 1 ? "" : "s")
                        + " (" + errors + " of " + rows + " rows read)";
            } else if (rows >= budget.minRowsForRatio && rows > 0
                    && errors * 100.0 / rows > budget.maxErrorPercent) {
                exceededBecause = "more than " + percent(budget.maxErrorPercent) + "% of the rows are bad ("
                        + errors + " of " + rows + " rows read)";
            }
            return exceededBecause == null;
        }

        private static String percent(double p) {
            return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
        }

        public long rows() {
            return rows;
        }

        public long errors() {
            return errors;
        }

        /** Why the budget is spent, or {@code null} while it is not. */
        public String exceededBecause() {
            return exceededBecause;
        }

        /** The kept errors, in file order. */
        public List<RowError> keptErrors() {
            return Collections.unmodifiableList(kept);
        }
    }
}
