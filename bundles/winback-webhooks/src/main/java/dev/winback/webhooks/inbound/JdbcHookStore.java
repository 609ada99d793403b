package dev.winback.webhooks.inbound;

import static dev.winback.api.store.ModuleDatabase.first;
import static dev.winback.api.store.ModuleDatabase.instant;
import static dev.winback.api.store.ModuleDatabase.list;
import static dev.winback.api.store.ModuleDatabase.update;

import dev.winback.api.store.AuditTrail;
import dev.winback.api.store.ModuleSchema;
import dev.winback.api.store.ModuleDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Inbound sources with their secrets, and the message ids each has sent. */
@Component(service = JdbcHookStore.class)
public final class JdbcHookStore {
    /** The audit trail's kind of entity for a source. */
    static final String ENTITY_TYPE = "webhook-source";

    private final ModuleDatabase db;
    private final AuditTrail audit;

    @Activate
    public JdbcHookStore(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource,
            @Reference(target = "(" + ModuleSchema.PROPERTY + "=webhooks)") ModuleSchema schema,
            @Reference AuditTrail audit) {
        this(new ModuleDatabase(dataSource, Clock.systemUTC()), audit);
    }

    JdbcHookStore(ModuleDatabase db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    Instant now() {
        return db.now();
    }

    /**
     * Registers the source or replaces its secret; true when it is new. The audit trail keeps the source without
     * its secret: a replaced secret shows as an update.
     */
    boolean put(String source, String secret, String actor) {
        return db.transaction("registering a webhook source", c -> {
            Instant now = db.now();
            Optional<HookSource> before = source(c, source);
            if (update(c, "UPDATE webhook_sources SET secret = ?, updated_by = ?, updated_at = ? WHERE source = ?",
                    secret, actor, now, source) == 1) {
                audit.record(c, actor, ENTITY_TYPE, source, AuditTrail.UPDATE, before.orElseThrow(),
                        source(c, source).orElseThrow());
                return false;
            }
            update(c, "INSERT INTO webhook_sources (source, secret, updated_by, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", source, secret, actor, now, now);
            audit.record(c, actor, ENTITY_TYPE, source, AuditTrail.CREATE, null, source(c, source).orElseThrow());
            return true;
        });
    }

    private static Optional<HookSource> source(Connection c, String source) throws SQLException {
        return first(c, "SELECT source, updated_by, created_at, updated_at FROM webhook_sources WHERE source = ?",
                JdbcHookStore::source, source);
    }

    Optional<HookSource> find(String source) {
        return db.transaction("reading a webhook source", c -> source(c, source));
    }

    List<HookSource> sources() {
        return db.transaction("listing webhook sources", c -> list(c, "SELECT source, updated_by, created_at,"
                + " updated_at FROM webhook_sources ORDER BY source", JdbcHookStore::source));
    }

    boolean delete(String source, String actor) {
        return db.transaction("deleting a webhook source", c -> {
            Optional<HookSource> before = source(c, source);
            if (update(c, "DELETE FROM webhook_sources WHERE source = ?", source) != 1) {
                return false;
            }
            audit.record(c, actor, ENTITY_TYPE, source, AuditTrail.DELETE, before.orElseThrow(), null);
            return true;
        });
    }

    Optional<String> secret(String source) {
        return db.transaction("reading a webhook secret", c -> first(c, "SELECT secret FROM webhook_sources"
                + " WHERE source = ?", rs -> rs.getString(1), source));
    }

    /**
     * Claims a message id for the source: true when it is new, false when the source sent it before (or is
     * sending it right now). Ids older than {@code forgetBefore} are forgotten in the same go: a message that old
     * carries a timestamp the tolerance refuses anyway.
     */
    boolean claim(String source, String messageId, String type, Instant forgetBefore) {
        return db.transaction("recording a webhook id", c -> {
            update(c, "DELETE FROM webhook_received WHERE source = ? AND received_at < ?", source, forgetBefore);
            try {
                update(c, "INSERT INTO webhook_received (source, message_id, event_type, received_at)"
                        + " VALUES (?, ?, ?, ?)", source, messageId, type, db.now());
                return true;
            } catch (SQLException e) {
                if (ModuleDatabase.isDuplicate(e)) {
                    c.rollback();
                    return false;
                }
                throw e;
            }
        });
    }

    /** Frees a claimed id after its message failed, so that the sender's retry is applied. */
    void release(String source, String messageId) {
        db.transaction("releasing a webhook id", c -> update(c, "DELETE FROM webhook_received WHERE source = ?"
                + " AND message_id = ?", source, messageId));
    }

    boolean received(String source, String messageId) {
        return db.transaction("looking up a webhook id", c -> first(c, "SELECT 1 FROM webhook_received"
                + " WHERE source = ? AND message_id = ?", rs -> 1, source, messageId).isPresent());
    }

    private static HookSource source(ResultSet rs) throws SQLException {
        HookSource s = new HookSource();
        s.source = rs.getString("source");
        s.updatedBy = rs.getString("updated_by");
        s.createdAt = instant(rs, "created_at");
        s.updatedAt = instant(rs, "updated_at");
        return s;
    }
}
