package dev.winback.store.jdbc;

import dev.winback.api.dto.AuditEntry;
import dev.winback.api.store.AuditTrail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Reads the {@code audit_log} table that the stores write through {@link AuditWriter}. */
@Component(service = AuditTrail.class)
public final class JdbcAuditTrail implements AuditTrail {
    private final WinbackDatabase db;

    @Activate
    public JdbcAuditTrail(@Reference WinbackDatabase db) {
        this.db = db;
    }

    /** Ordered by id: entries get increasing ids as they are written, and timestamps can tie. */
    @Override
    public List<AuditEntry> forEntity(String entityType, String entityId) {
        return db.read("reading the audit trail", c -> Sql.queryList(c,
                "SELECT id, at, actor, entity_type, entity_id, action, before_json, after_json FROM audit_log"
                        + " WHERE entity_type = ? AND entity_id = ? ORDER BY id",
                JdbcAuditTrail::toEntry, entityType, entityId));
    }

    private static AuditEntry toEntry(ResultSet rs) throws SQLException {
        AuditEntry entry = new AuditEntry();
        entry.id = rs.getLong("id");
        entry.at = Sql.instant(rs, "at");
        entry.actor = rs.getString("actor");
        entry.entityType = rs.getString("entity_type");
        entry.entityId = rs.getString("entity_id");
        entry.action = rs.getString("action");
        entry.before = rs.getString("before_json");
        entry.after = rs.getString("after_json");
        return entry;
    }
}
