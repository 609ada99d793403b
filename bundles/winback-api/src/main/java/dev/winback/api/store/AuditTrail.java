package dev.winback.api.store;

import dev.winback.api.dto.AuditEntry;
import dev.winback.api.dto.AuditQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The audit trail the stores write alongside every change: reading it, and writing a module's own changes to it.
 */
@ProviderType
public interface AuditTrail {
    /** The actions of an entry. */
    String CREATE = "create";
    String UPDATE = "update";
    String DELETE = "delete";

    /** Entries for one entity, oldest first. */
    List<AuditEntry> forEntity(String entityType, String entityId);

    /**
     * Entries that match the query, newest first (by id, as they were written), at most {@code query.limit}. The
     * next page is the same query with {@code before} set to the last id returned.
     */
    List<AuditEntry> read(AuditQuery query);

    /**
     * Writes the audit entry of a module's change on the connection the module makes the change on, so the entry
     * commits or rolls back with it: call it inside the module's transaction, on the {@code winback} DataSource.
     * The entities are written as JSON, as the REST API shows them; leave out what must not be kept in clear (a
     * secret), say whether it changed instead.
     *
     * @param entityType the module's own kind of entity, such as {@code webhook-endpoint}; the core's kinds
     *     (customer, case, step, purchase, import, loss-reason, team) are refused, since their entries also drive the
     *     event log
     * @param action {@link #CREATE}, {@link #UPDATE} or {@link #DELETE}
     * @param before the entity before the change, null on create
     * @param after the entity after the change, null on delete
     * @throws IllegalArgumentException a core entity type, an unknown action, or a missing id
     */
    void record(Connection connection, String actor, String entityType, String entityId, String action,
            Object before, Object after) throws SQLException;

    /**
     * Writes a module's event to the event log on the connection of the change it announces, so it commits or rolls
     * back with the change; subscribers and webhooks get it like any other. Only the types listed in
     * {@link dev.winback.api.event.EventTypes#MODULE_WRITTEN} may be written here: the others describe the core's own
     * changes and come from the store alone.
     *
     * @param payload the entity after the change, written as JSON as the REST API shows it
     * @throws IllegalArgumentException a type that is not module-written, or a missing entity or actor
     */
    void publish(Connection connection, String actor, String type, String entityType, String entityId, Object payload)
            throws SQLException;
}
