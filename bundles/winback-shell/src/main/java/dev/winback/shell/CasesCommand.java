package dev.winback.shell;

import dev.winback.api.Actor;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.WinbackException;
import dev.winback.api.dto.CaseQuery;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.Page;
import dev.winback.api.dto.RecoveryCase;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:cases}: recovery cases, newest first. */
@Command(scope = "winback", name = "cases", description = "Lists recovery cases, newest first")
@Service
public class CasesCommand implements Action {

    @Reference
    RecoveryCaseService cases;

    @Option(name = "--overdue", description = "Only cases with a planned step past its due time")
    boolean overdue;

    @Option(name = "--status", description = "OPEN, PAUSED, WON_BACK, CLOSED_NEVER, CLOSED_CANNOT_PROVIDE or "
            + "CLOSED_NO_RESPONSE")
    String status;

    @Option(name = "--owner", description = "Owner rep")
    String owner;

    @Option(name = "--strategy", description = "Strategy name")
    String strategy;

    @Option(name = "--size", description = "How many cases to show (1-200)")
    int size = 50;

    @Override
    public Object execute() {
        CaseQuery query = new CaseQuery();
        query.overdue = overdue;
        query.ownerRep = owner;
        query.strategy = strategy;
        query.size = size;
        if (status != null) {
            try {
                query.status = CaseStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown status '" + status + "'; use one of " + java.util.Arrays.toString(
                        CaseStatus.values()));
            }
        }
        Page<RecoveryCase> page;
        try {
            page = cases.find(query, Actor.consoleManager());
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Id", "Status", "Kind", "Reason", "Strategy", "Owner", "Opened"}) {
            table.column(column);
        }
        for (RecoveryCase c : page.items) {
            table.addRow().addContent(c.id, c.status, c.lossKind, c.lossReason, c.strategy == null ? "" : c.strategy,
                    c.ownerRep, c.createdAt);
        }
        table.print(System.out);
        System.out.println(page.items.size() + " of " + page.total + " case(s)");
        return null;
    }
}
