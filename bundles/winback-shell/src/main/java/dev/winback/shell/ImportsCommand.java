package dev.winback.shell;

import dev.winback.api.Actor;
import dev.winback.api.WinbackException;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.TransactionImportService;
import dev.winback.api.dto.Page;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:imports [ID]}: import jobs, newest first, or one job with its bad rows. */
@Command(scope = "winback", name = "imports", description = "Lists import jobs, newest first, or shows one")
@Service
public class ImportsCommand implements Action {

    @Reference
    TransactionImportService imports;

    @Argument(name = "id", description = "Show this job with its bad rows")
    String id;

    @Option(name = "--size", description = "How many jobs to show (1-200)")
    int size = 20;

    @Override
    public Object execute() {
        try {
            if (id != null) {
                UUID jobId = Ids.parse("an import", id);
                ImportJob job = imports.get(jobId, Actor.consoleManager())
                        .orElseThrow(() -> new IllegalArgumentException("No import has id " + id));
                ImportCommand.report(System.out, job);
                return null;
            }
            Page<ImportJob> page = imports.list(0, size, Actor.consoleManager());
            ShellTable table = new ShellTable();
            for (String column : new String[] {"Id", "Status", "File", "Rows", "Added", "Duplicates", "Bad rows",
                "Submitted"}) {
                table.column(column);
            }
            for (ImportJob job : page.items) {
                table.addRow().addContent(job.id, job.status, job.fileName == null ? "" : job.fileName, job.rowsRead,
                        job.purchasesAdded, job.duplicates, job.errorCount, job.submittedAt);
            }
            table.print(System.out);
            System.out.println(page.items.size() + " of " + page.total + " import(s)");
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return null;
    }
}
