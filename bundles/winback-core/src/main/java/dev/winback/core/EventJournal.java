package dev.winback.core;

import dev.winback.api.Actor;
import dev.winback.api.event.EventLog;
import dev.winback.api.event.EventPage;
import dev.winback.api.event.EventQuery;
import dev.winback.api.event.EventTypes;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.EventStore;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The event log for admins: who may read it, and what a sensible page is. */
@Component(service = EventLog.class)
public class EventJournal implements EventLog {
    static final int MAX_LIMIT = 1000;

    private final EventStore store;

    @Activate
    public EventJournal(@Reference EventStore store) {
        this.store = store;
    }

    @Override
    public EventPage read(EventQuery query, Actor actor) {
        // Events carry every customer's and every case's data: the whole book, which only admins see.
        CustomerDirectory.requireAdmin(actor, "The event log is for admins (role winback-admin)");
        FieldRules rules = new FieldRules();
        if (query.after < 0) {
            rules.problem("after", "must not be negative (got " + query.after + ")");
        }
        if (query.limit < 1 || query.limit > MAX_LIMIT) {
            rules.problem("limit", "must be between 1 and " + MAX_LIMIT + " (got " + query.limit + ")");
        }
        for (String type : query.types) {
            if (!EventTypes.ALL.contains(type)) {
                rules.problem("type", "'" + type + "' is not an event type; the types are "
                        + String.join(", ", EventTypes.ALL));
            }
        }
        rules.throwIfAny();
        List<WinbackEvent> items = store.after(query.after, query.types, query.limit);
        EventPage page = new EventPage();
        page.items = items;
        page.next = items.isEmpty() ? query.after : items.get(items.size() - 1).id;
        return page;
    }
}
