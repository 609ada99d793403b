package dev.winback.bounty.shell;

import dev.winback.api.Actor;
import dev.winback.api.WinbackException;
import dev.winback.api.dto.Page;
import dev.winback.bounty.ledger.BountyEntry;
import dev.winback.bounty.ledger.BountyLedger;
import dev.winback.bounty.ledger.EntryState;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:bounties}: ledger entries, newest first, with the totals of what is shown. */
@Command(scope = "winback", name = "bounties", description = "Lists bounty ledger entries, newest first")
@Service
public class BountiesCommand implements Action {

    @Reference
    BountyLedger ledger;

    @Option(name = "--rep", description = "Only this rep's entries")
    String rep;

    @Option(name = "--period", description = "Payroll period, yyyy-MM")
    String period;

    @Option(name = "--state", description = "ACCRUED, HELD, PAYABLE, APPROVED, PAID or REVERSED")
    String state;

    @Option(name = "--size", description = "How many entries to show (1-500)")
    int size = 50;

    @Override
    public Object execute() {
        EntryState wanted = null;
        if (state != null) {
            try {
                wanted = EntryState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown state '" + state + "'; use one of "
                        + Arrays.toString(EntryState.values()));
            }
        }
        Page<BountyEntry> page;
        try {
            page = ledger.find(rep, period, wanted, null, 0, size, Actor.consoleManager());
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Id", "Period", "Rep", "Kind", "Rule", "Amount", "Currency", "State",
            "Case"}) {
            table.column(column);
        }
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (BountyEntry e : page.items) {
            table.addRow().addContent(e.id, e.period, e.rep, e.kind, e.rule, e.amount.toPlainString(), e.currency,
                    e.state + (e.dispute != null && "OPEN".equals(e.dispute.status) ? " (disputed)" : ""), e.caseId);
            totals.merge(e.currency, e.amount, BigDecimal::add);
        }
        table.print(System.out);
        System.out.println(page.items.size() + " of " + page.total + " entr" + (page.total == 1 ? "y" : "ies")
                + (totals.isEmpty() ? "" : "; shown: " + totals.entrySet().stream().map(t -> t.getValue()
                        .toPlainString() + " " + t.getKey()).reduce((a, b) -> a + ", " + b).orElse("")));
        return null;
    }
}
