package dev.winback.shell;

import dev.winback.api.Actor;
import dev.winback.api.WinbackException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.ImportRowError;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.detect.TransactionImportService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * {@code winback:import FILE}: imports purchase transactions from a file on the server, showing a progress bar
 * until the job is done. The file is read in place; the job is the same as a REST upload's, so it can be followed
 * with {@code winback:imports} too.
 */
@Command(scope = "winback", name = "import", description = "Imports purchase transactions (CSV, whitespace columns "
        + "or JSON lines, gzip allowed) from a file on the server; unknown customers are created")
@Service
public class ImportCommand implements Action {
    private static final long POLL_MILLIS = 200;

    @Reference
    TransactionImportService imports;

    @Reference
    Session session;

    @Argument(name = "file", required = true, description = "The file; a relative path is taken from the shell's "
            + "current directory")
    String file;

    @Option(name = "--format", description = "CSV (default), WHITESPACE or JSON_LINES")
    String format;

    @Option(name = "--columns", description = "For a file without header row: its column names, comma-separated")
    String columns;

    @Option(name = "--delimiter", description = "CSV separator, one character (\\t for a tab)")
    String delimiter;

    @Option(name = "--external-id-column", description = "Column of the customer's id (default externalId)")
    String externalIdColumn;

    @Option(name = "--date-column", description = "Column of the purchase date (default date)")
    String dateColumn;

    @Option(name = "--amount-column", description = "Column of the amount (default amount)")
    String amountColumn;

    @Option(name = "--source-column", description = "Column naming each row's host system")
    String sourceColumn;

    @Option(name = "--source", description = "Host system of the customers when no source column is mapped")
    String source;

    @Option(name = "--transaction-id-column", description = "Column of the host's transaction id")
    String transactionIdColumn;

    @Option(name = "--date-pattern", description = "Date pattern such as dd/MM/yyyy or yyyyMMdd (default ISO)")
    String datePattern;

    @Option(name = "--decimal-separator", description = ". (default) or ,")
    String decimalSeparator;

    @Option(name = "--negative-amounts", description = "Accept refunds (negative amounts)")
    boolean negativeAmounts;

    @Option(name = "--max-errors", description = "Bad rows tolerated before the import aborts")
    Long maxErrors;

    @Option(name = "--max-error-percent", description = "Percentage of bad rows tolerated")
    Double maxErrorPercent;

    @Option(name = "--no-wait", description = "Queue the job and return at once")
    boolean noWait;

    @Override
    public Object execute() throws Exception {
        Path path = session.currentDir() == null ? Path.of(file) : session.currentDir().resolve(file);
        ImportRequest request = new ImportRequest();
        request.fileName = path.toString();
        if (format != null) {
            try {
                request.format = ImportFormat.valueOf(format.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown format '" + format + "'; use one of "
                        + Arrays.toString(ImportFormat.values()));
            }
        }
        request.columnNames = columns == null ? null : Arrays.stream(columns.split(",")).map(String::strip).toList();
        request.delimiter = "\\t".equals(delimiter) ? "\t" : delimiter;
        request.externalIdColumn = externalIdColumn;
        request.dateColumn = dateColumn;
        request.amountColumn = amountColumn;
        request.sourceColumn = sourceColumn;
        request.source = source;
        request.transactionIdColumn = transactionIdColumn;
        request.datePattern = datePattern;
        request.decimalSeparator = decimalSeparator;
        request.negativeAmounts = negativeAmounts ? Boolean.TRUE : null;
        request.maxErrors = maxErrors;
        request.maxErrorPercent = maxErrorPercent;
        PrintStream out = System.out;
        try {
            ImportJob job = imports.submitFile(request, path, Actor.consoleManager());
            if (noWait) {
                out.println("Import " + job.id + " queued; follow it with winback:imports");
                return null;
            }
            ProgressBar bar = new ProgressBar(out, width());
            while (!job.status.isFinal()) {
                bar.draw(job);
                Thread.sleep(POLL_MILLIS);
                job = imports.get(job.id, Actor.consoleManager()).orElseThrow();
            }
            bar.draw(job);
            bar.finish();
            report(out, job);
            if (job.status != ImportStatus.COMPLETED) {
                throw new IllegalStateException("Import " + job.id + " " + job.status.name().toLowerCase(Locale.ROOT)
                        + ": " + job.failure);
            }
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return null;
    }

    private int width() {
        int columns = session.getTerminal() == null ? 0 : session.getTerminal().getWidth();
        return columns > 20 ? columns : 80;
    }

    static void report(PrintStream out, ImportJob job) {
        out.println("Import " + job.id + ": " + job.status);
        if (job.node != null) {
            out.println("  on node " + job.node + (job.attempts > 1 ? ", attempt " + job.attempts : ""));
        }
        out.printf("  %,d rows read, %,d purchases, %,d bad rows%n", job.rowsRead, job.purchasesRead, job.errorCount);
        if (job.status == ImportStatus.COMPLETED) {
            out.printf("  %,d purchases added, %,d already stored, %,d customers created%n", job.purchasesAdded,
                    job.duplicates, job.customersCreated);
        }
        if (job.failure != null) {
            out.println("  Nothing was stored: " + job.failure);
        }
        if (job.errors != null) {
            for (ImportRowError error : job.errors) {
                out.println("  line " + error.line + ": " + error.message);
            }
            if (job.errorCount > job.errors.size()) {
                out.printf("  ... and %,d more bad rows%n", job.errorCount - job.errors.size());
            }
        }
    }

    /** One line redrawn in place: {@code [#######.......]  47%  120,000 rows}. */
    static final class ProgressBar {
        private final PrintStream out;
        private final int width;
        private String last = "";

        ProgressBar(PrintStream out, int width) {
            this.out = out;
            this.width = width;
        }

        void draw(ImportJob job) {
            int percent = job.bytesTotal <= 0 ? 0 : (int) Math.min(100, job.bytesRead * 100 / job.bytesTotal);
            String tail = String.format(Locale.ROOT, " %3d%%  %,d rows  %s", percent, job.rowsRead, job.status);
            int cells = Math.max(10, width - tail.length() - 3);
            int filled = cells * percent / 100;
            String line = "[" + "#".repeat(filled) + ".".repeat(cells - filled) + "]" + tail;
            if (!line.equals(last)) {
                // Pad so that a shorter line fully covers the one it replaces.
                out.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
                out.flush();
                last = line;
            }
        }

        void finish() {
            out.println();
        }
    }
}
