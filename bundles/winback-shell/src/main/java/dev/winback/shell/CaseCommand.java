package dev.winback.shell;

import dev.winback.api.Actor;
import dev.winback.api.RecoveryCaseService;
import dev.winback.api.WinbackException;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code winback:case ID}: one recovery case and its steps. Mistakes are thrown, not printed: Karaf shows a thrown
 * message as "Error executing command: …" and exits non-zero, also over an SSH exec channel, which drops stderr.
 */
@Command(scope = "winback", name = "case", description = "Shows one recovery case with its steps")
@Service
public class CaseCommand implements Action {

    @Reference
    RecoveryCaseService cases;

    @Argument(index = 0, name = "id", description = "The case id", required = true)
    String id;

    @Override
    public Object execute() {
        UUID caseId = Ids.parse("a case", id);
        Optional<RecoveryCase> found;
        try {
            found = cases.get(caseId, Actor.consoleManager());
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("No recovery case has id " + caseId);
        }
        RecoveryCase c = found.get();
        System.out.println("Case       " + c.id);
        System.out.println("Status     " + c.status + (c.noFurtherContact ? " (no further contact)" : ""));
        System.out.println("Customer   " + c.customerId);
        System.out.println("Loss       " + c.lossKind + ", " + c.lossReason + (c.lostAt == null ? "" : ", " + c.lostAt));
        System.out.println("Strategy   " + (c.strategy == null ? "-" : c.strategy));
        System.out.println("Owner      " + c.ownerRep + " (opened by " + c.openedBy + " at " + c.createdAt + ")");
        if (c.recoveredRevenue != null) {
            System.out.println("Recovered  " + c.recoveredRevenue.toPlainString());
        }
        if (c.notes != null) {
            System.out.println("Notes      " + c.notes);
        }
        ShellTable steps = new ShellTable();
        for (String column : new String[] {"Step", "Type", "Due", "Assignee", "Status", "Outcome", "Id"}) {
            steps.column(column);
        }
        Instant now = Instant.now();
        if (c.steps != null) {
            for (RecoveryStep s : c.steps) {
                boolean late = s.status == dev.winback.api.dto.StepStatus.PLANNED && s.dueAt.isBefore(now);
                steps.addRow().addContent(s.name, s.type, s.dueAt + (late ? " OVERDUE" : ""), s.assignee, s.status,
                        s.outcome == null ? "" : s.outcome.code, s.id);
            }
        }
        steps.print(System.out);
        return null;
    }
}
