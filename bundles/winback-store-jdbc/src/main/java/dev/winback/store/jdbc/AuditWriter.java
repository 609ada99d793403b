package dev.winback.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.winback.api.store.AuditTrail;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes audit entries, and the events the change means ({@link DomainEvents}), on the connection of the change
 * they describe, so all of them commit or roll back together. Entities are stored as JSON with ISO-8601 dates, the
 * same shape the REST API shows; an event's payload is the audit entry's "after".
 */
final class AuditWriter {
    static final String CREATE = AuditTrail.CREATE;
    static final String UPDATE = AuditTrail.UPDATE;
    static final String DELETE = AuditTrail.DELETE;
    /**
     * The member of the "after" JSON that says why a change was made, where the change needs one (lifting a
     * contact block). The entry has no column of its own for it: {@code AuditEntry} shows before and after only,
     * and a reason kept beside them would be invisible to everyone who reads the trail through the API. Beside the
     * entity's own fields rather than wrapped around them, so that the "after" still reads as the entity.
     */
    static final String REASON = "changeReason";

    private static final String INSERT = "INSERT INTO audit_log"
            + " (at, actor, entity_type, entity_id, action, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_EVENT = "INSERT INTO event_log"
            + " (type, occurred_at, entity_type, entity_id, actor, payload) VALUES (?, ?, ?, ?, ?, ?)";

    /**
     * Set on the thread of a transaction that wrote events; {@link WinbackDatabase} reads it after the commit to tell
     * the {@code EventLogListener}s, and clears it.
     */
    static final ThreadLocal<Boolean> EVENTS_WRITTEN = new ThreadLocal<>();

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // 1200.0000 rather than 1.2000E+3 for amounts
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Amounts keep their scale when an entity passes through a tree to take a reason.
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /**
     * @param before the entity before the change, null on create
     * @param after  the entity after the change, null on delete
     */
    void record(Connection c, Instant at, String actor, String entityType, String entityId, String action,
                Object before, Object after) throws SQLException {
        record(c, at, actor, entityType, entityId, action, before, after, null);
    }

    /** @param reason why the change was made, recorded as {@value #REASON} of the "after"; null for none */
    void record(Connection c, Instant at, String actor, String entityType, String entityId, String action,
                Object before, Object after, String reason) throws SQLException {
        Object afterWithReason = after;
        if (reason != null && after != null) {
            ObjectNode tree = json.valueToTree(after);
            tree.put(REASON, reason);
            afterWithReason = tree;
        }
        String afterJson = toJson(afterWithReason);
        Sql.execute(c, INSERT, at, actor, entityType, entityId, action, toJson(before), afterJson);
        for (String type : DomainEvents.of(entityType, action, before, after)) {
            Sql.execute(c, INSERT_EVENT, type, at, entityType, entityId, actor, afterJson);
            EVENTS_WRITTEN.set(Boolean.TRUE);
        }
    }

    /**
     * The events of entities created in bulk (the customers an import creates), which have no audit entry of their
     * own: the import's entry stands for them. Written in batches on the change's connection.
     */
    <T> void createdInBulk(Connection c, Instant at, String actor, String entityType, List<T> entities,
            java.util.function.Function<T, String> idOf) throws SQLException {
        List<Object[]> rows = new java.util.ArrayList<>();
        for (T entity : entities) {
            String payload = toJson(entity);
            for (String type : DomainEvents.of(entityType, CREATE, null, entity)) {
                rows.add(new Object[] {type, at, entityType, idOf.apply(entity), actor, payload});
            }
        }
        if (!rows.isEmpty()) {
            Sql.executeBatch(c, INSERT_EVENT, rows);
            EVENTS_WRITTEN.set(Boolean.TRUE);
        }
    }

    /** A module's own event, with no audit entry: the module writes that itself where its change needs one. */
    void event(Connection c, Instant at, String actor, String type, String entityType, String entityId,
            Object payload) throws SQLException {
        Sql.execute(c, INSERT_EVENT, type, at, entityType, entityId, actor, toJson(payload));
    }

    private String toJson(Object entity) {
        if (entity == null) {
            return null;
        }
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            // Our DTOs are plain fields and always serialise; reaching this is a bug, and the change must not
            // commit without its audit entry.
            throw new IllegalStateException("Cannot write the audit entry for " + entity.getClass().getName(), e);
        }
    }
}
