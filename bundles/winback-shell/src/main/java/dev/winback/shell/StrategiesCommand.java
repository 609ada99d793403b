package dev.winback.shell;

import dev.winback.api.RecoveryCaseService;
import dev.winback.api.strategy.StrategyDescription;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:strategies}: the recovery strategies installed right now. */
@Command(scope = "winback", name = "strategies", description = "Lists the installed recovery strategies")
@Service
public class StrategiesCommand implements Action {

    @Reference
    RecoveryCaseService cases;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Title");
        table.column("Loss kinds");
        for (StrategyDescription d : cases.strategies()) {
            table.addRow().addContent(d.name, d.title, d.lossKinds == null ? "" : d.lossKinds.stream()
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
        table.print(System.out);
        return null;
    }
}
