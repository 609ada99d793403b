package dev.winback.reputation.shell;

import dev.winback.api.Actor;
import dev.winback.api.WinbackException;
import dev.winback.api.dto.Page;
import dev.winback.api.rest.RequestParams;
import dev.winback.reputation.improvement.Improvement;
import dev.winback.reputation.improvement.ImprovementStatus;
import dev.winback.reputation.improvement.Improvements;
import dev.winback.reputation.improvement.NotificationPage;
import java.util.Map;
import java.util.UUID;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code winback:improvements}: "You Said, We Did" improvements, newest first, with whom they reached. */
@Command(scope = "winback", name = "improvements", description = "Lists \"You Said, We Did\" improvements, newest "
        + "first, with the customers told and how many re-engaged")
@Service
public class ImprovementsCommand implements Action {

    @Reference
    Improvements improvements;

    @Option(name = "--status", description = "DRAFT or PUBLISHED")
    String status;

    @Option(name = "--size", description = "How many improvements to show (1-200)")
    int size = 50;

    @Override
    public Object execute() {
        Actor actor = Actor.consoleManager();
        Page<Improvement> page;
        Map<UUID, NotificationPage.Totals> totals;
        try {
            page = improvements.list(RequestParams.enumValue("--status", status, ImprovementStatus.class), null,
                    null, 0, size, actor);
            totals = improvements.totals(page.items, actor);
        } catch (WinbackException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Id", "Status", "Title", "Reasons", "Published", "Notified", "Skipped",
            "Re-engaged"}) {
            table.column(column);
        }
        for (Improvement i : page.items) {
            NotificationPage.Totals t = totals.get(i.id);
            table.addRow().addContent(i.id, i.status, i.title.length() > 40 ? i.title.substring(0, 39) + "…"
                    : i.title, String.join(",", i.lossReasons), i.publishedAt == null ? "" : i.publishedAt,
                    t == null ? "" : t.notified, t == null ? "" : t.skipped, t == null ? ""
                    : t.reEngaged + (t.rate == null ? "" : " (" + t.rate.movePointRight(2).stripTrailingZeros()
                            .toPlainString() + "%)"));
        }
        table.print(System.out);
        System.out.println(page.items.size() + " of " + page.total + " improvement" + (page.total == 1 ? "" : "s"));
        return null;
    }
}
