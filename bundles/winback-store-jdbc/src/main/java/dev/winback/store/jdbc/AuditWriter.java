package dev.winback.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Writes audit entries on the connection of the change they describe, so both commit or roll back together.
 * Entities are stored as JSON with ISO-8601 dates, the same shape the REST API shows.
 */
final class AuditWriter {
    static final String CREATE = "create";
    static final String UPDATE = "update";
    static final String DELETE = "delete";

    private static final String INSERT = "INSERT INTO audit_log"
            + " (at, actor, entity_type, entity_id, action, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // 1200.0000 rather than 1.2000E+3 for amounts
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /**
     * @param before the entity before the change, null on create
     * @param after  the entity after the change, null on delete
     */
    void record(Connection c, Instant at, String actor, String entityType, String entityId, String action,
                Object before, Object after) throws SQLException {
        Sql.execute(c, INSERT, at, actor, entityType, entityId, action, toJson(before), toJson(after));
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
