package dev.winback.bounty.shell;

import dev.winback.api.Actor;
import dev.winback.api.WinbackException;
import dev.winback.bounty.ledger.BountyLedger;
import dev.winback.bounty.ledger.Payout;
import dev.winback.bounty.ledger.PayrollLine;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:payouts <period>}: marks the period's approved bounties paid and shows what each rep gets. */
@Command(scope = "winback", name = "payouts", description = "Marks a payroll period's approved bounties paid")
@Service
public class PayoutsCommand implements Action {

    @Reference
    BountyLedger ledger;

    @Argument(index = 0, name = "period", required = true, description = "Payroll period, yyyy-MM")
    String period;

    @Override
    public Object execute() {
        Payout payout;
        try {
            payout = ledger.payout(period, Actor.consoleManager());
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Rep", "Currency", "Paid", "Entries"}) {
            table.column(column);
        }
        for (PayrollLine l : payout.totals) {
            table.addRow().addContent(l.rep, l.currency, l.paid.toPlainString(), l.entries);
        }
        table.print(System.out);
        System.out.println("Payout " + payout.id + ": " + payout.entries + " entr" + (payout.entries == 1 ? "y" : "ies")
                + " of " + payout.period + " paid by " + payout.paidBy);
        return null;
    }
}
