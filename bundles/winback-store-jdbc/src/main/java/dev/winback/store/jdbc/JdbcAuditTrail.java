package dev.winback.store.jdbc;

import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.AuditQuery;
import dev.winback.api.event.EventTypes;
import dev.winback.api.store.AuditTrail;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Reads the {@code audit_log} table that the stores write through {@link AuditWriter}, and writes the entries of the
 * modules' own changes through the same writer.
 */
@Component(service = AuditTrail.class)
public final class JdbcAuditTrail implements AuditTrail {
    /** The kinds of entity the core writes; a module's entry of one of them would also forge events. */
    static final Set<String> CORE_ENTITY_TYPES = Set.of(JdbcCustomerStore.ENTITY_TYPE, JdbcCaseStore.ENTITY_TYPE,
            JdbcCaseStore.STEP_ENTITY_TYPE, JdbcPurchaseStore.ENTITY_TYPE, JdbcPurchaseStore.PURCHASE_ENTITY_TYPE,
            JdbcLossReasonStore.ENTITY_TYPE, JdbcTeamStore.ENTITY_TYPE);
    private static final Set<String> ACTIONS = Set.of(CREATE, UPDATE, DELETE);

    private final WinbackDatabase db;
    private final AuditWriter writer = new AuditWriter();

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

    @Override
    public List<AuditEntry> read(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, entity_type, entity_id, action, before_json,"
                + " after_json FROM audit_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.entityType != null) {
            sql.append(" AND entity_type = ?");
            params.add(query.entityType);
        }
        if (query.entityId != null) {
            sql.append(" AND entity_id = ?");
            params.add(query.entityId);
        }
        if (query.from != null) {
            sql.append(" AND at >= ?");
            params.add(query.from);
        }
        if (query.to != null) {
            sql.append(" AND at < ?");
            params.add(query.to);
        }
        if (query.before != null) {
            sql.append(" AND id < ?");
            params.add(query.before);
        }
        // Keyset paging on the id: a page deep in a long trail costs what the first one does.
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(query.limit);
        return db.read("reading the audit trail", c -> Sql.queryList(c, sql.toString(), JdbcAuditTrail::toEntry,
                params.toArray()));
    }

    @Override
    public void record(Connection connection, String actor, String entityType, String entityId, String action,
            Object before, Object after) throws SQLException {
        if (entityType == null || entityType.isBlank() || CORE_ENTITY_TYPES.contains(entityType)) {
            throw new IllegalArgumentException("A module records its own kinds of entity, not '" + entityType + "'");
        }
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("An audit action is one of " + ACTIONS + ", not '" + action + "'");
        }
        if (entityId == null || entityId.isBlank() || actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("An audit entry names the entity and the actor");
        }
        writer.record(connection, db.now(), actor, entityType, entityId, action, before, after);
    }

    @Override
    public void publish(Connection connection, String actor, String type, String entityType, String entityId,
            Object payload) throws SQLException {
        if (type == null || !EventTypes.MODULE_WRITTEN.contains(type)) {
            throw new IllegalArgumentException("A module writes only the events " + EventTypes.MODULE_WRITTEN
                    + ", not '" + type + "'");
        }
        if (entityType == null || entityType.isBlank() || CORE_ENTITY_TYPES.contains(entityType)) {
            throw new IllegalArgumentException("A module's event is about its own kind of entity, not '" + entityType
                    + "'");
        }
        if (entityId == null || entityId.isBlank() || actor == null || actor.isBlank() || payload == null) {
            throw new IllegalArgumentException("An event names the entity and the actor and carries a payload");
        }
        // No EventLogListener wake-up: the module's transaction is its own, so the dispatcher finds these at its
        // next look at the log (half a second by default).
        writer.event(connection, db.now(), actor, type, entityType, entityId, payload);
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
