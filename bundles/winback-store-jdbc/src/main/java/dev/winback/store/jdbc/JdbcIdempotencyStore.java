package dev.winback.store.jdbc;

import dev.winback.api.dto.IdempotentRequest;
import dev.winback.api.store.IdempotencyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Idempotency keys in the {@code idempotency_keys} table. The primary key (actor, key) makes the claim atomic
 * across nodes: of two requests racing with the same key exactly one inserts the row.
 */
@Component(service = IdempotencyStore.class)
public final class JdbcIdempotencyStore implements IdempotencyStore {
    /** How long a retry is recognised; clients and webhooks retry within minutes, rarely hours. */
    static final Duration RETENTION = Duration.ofHours(24);
    /** A claim this old that was never completed belongs to a request whose node died. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private static final String COLUMNS =
            "actor, idem_key, fingerprint, created_at, completed, status, location, etag, body";

    private final WinbackDatabase db;

    @Activate
    public JdbcIdempotencyStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<IdempotentRequest> claim(String actor, String key, String fingerprint) {
        Instant now = db.now();
        // Expired and abandoned rows go first, so that their key can be claimed afresh.
        db.inTransaction("purging idempotency keys", c -> {
            Sql.execute(c, "DELETE FROM idempotency_keys WHERE created_at < ?", now.minus(RETENTION));
            return Sql.execute(c, "DELETE FROM idempotency_keys WHERE actor = ? AND idem_key = ?"
                    + " AND completed = FALSE AND created_at < ?", actor, key, now.minus(ABANDONED_AFTER));
        });
        try {
            db.inTransaction("claiming an idempotency key", c -> {
                try {
                    return Sql.execute(c, "INSERT INTO idempotency_keys"
                            + " (actor, idem_key, fingerprint, created_at, completed) VALUES (?, ?, ?, ?, FALSE)",
                            actor, key, fingerprint, now);
                } catch (SQLException e) {
                    if (SqlStates.isUniqueViolation(e)) {
                        // Unwinds (and rolls back) the transaction: PostgreSQL allows nothing more in it.
                        throw new AlreadyClaimed();
                    }
                    throw e;
                }
            });
            return Optional.empty();
        } catch (AlreadyClaimed taken) {
            // fall through: someone holds or held the key
        }
        return db.read("reading an idempotency key", c -> Sql.queryOne(c,
                "SELECT " + COLUMNS + " FROM idempotency_keys WHERE actor = ? AND idem_key = ?",
                JdbcIdempotencyStore::toRequest, actor, key));
    }

    @Override
    public void complete(String actor, String key, int status, String location, String etag, String body) {
        db.inTransaction("recording an idempotent answer", c -> Sql.execute(c,
                "UPDATE idempotency_keys SET completed = TRUE, status = ?, location = ?, etag = ?, body = ?"
                        + " WHERE actor = ? AND idem_key = ?", status, location, etag, body, actor, key));
    }

    @Override
    public void release(String actor, String key) {
        db.inTransaction("releasing an idempotency key", c -> Sql.execute(c,
                "DELETE FROM idempotency_keys WHERE actor = ? AND idem_key = ? AND completed = FALSE", actor, key));
    }

    private static IdempotentRequest toRequest(ResultSet rs) throws SQLException {
        IdempotentRequest r = new IdempotentRequest();
        r.actor = rs.getString("actor");
        r.key = rs.getString("idem_key");
        r.fingerprint = rs.getString("fingerprint");
        r.createdAt = Sql.instant(rs, "created_at");
        r.completed = rs.getBoolean("completed");
        r.status = rs.getInt("status");
        r.location = rs.getString("location");
        r.etag = rs.getString("etag");
        r.body = rs.getString("body");
        return r;
    }

    /** The key is taken; unwinds the claiming transaction without a storage failure. */
    private static final class AlreadyClaimed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyClaimed() {
            super(null, null, false, false);
        }
    }
}
