package dev.winback.store.jdbc;

import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.EventStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Reads {@code event_log}; {@link AuditWriter} writes it, in the transaction of each change. */
@Component(service = EventStore.class)
public final class JdbcEventStore implements EventStore {
    static final String COLUMNS = "id, type, occurred_at, entity_type, entity_id, actor, payload";

    private final WinbackDatabase db;

    @Activate
    public JdbcEventStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public List<WinbackEvent> after(long after, Collection<String> types, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM event_log WHERE id > ?");
        params.add(after);
        if (types != null && !types.isEmpty()) {
            sql.append(" AND type IN (").append(String.join(", ", java.util.Collections.nCopies(types.size(), "?")))
                    .append(')');
            params.addAll(types);
        }
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit);
        return db.read("reading the event log",
                c -> Sql.queryList(c, sql.toString(), JdbcEventStore::toEvent, params.toArray()));
    }

    static WinbackEvent toEvent(ResultSet rs) throws SQLException {
        WinbackEvent e = new WinbackEvent();
        e.id = rs.getLong("id");
        e.type = rs.getString("type");
        e.occurredAt = Sql.instant(rs, "occurred_at");
        e.entityType = rs.getString("entity_type");
        e.entityId = rs.getString("entity_id");
        e.actor = rs.getString("actor");
        e.payload = rs.getString("payload");
        return e;
    }
}
