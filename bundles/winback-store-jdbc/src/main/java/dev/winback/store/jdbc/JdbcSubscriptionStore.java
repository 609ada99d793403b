package dev.winback.store.jdbc;

import dev.winback.api.NotFoundException;
import dev.winback.api.event.DeadLetter;
import dev.winback.api.event.SubscriberStatus;
import dev.winback.api.event.WinbackEvent;
import dev.winback.api.store.SubscriptionStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Subscribers' positions, gaps, retries and dead letters. Every method is one short transaction; the position row
 * is locked while it moves, so two nodes that both think they hold the lease still cannot move it backwards.
 */
@Component(service = SubscriptionStore.class)
public final class JdbcSubscriptionStore implements SubscriptionStore {
    /** A gap wider than this is not remembered id by id: no transaction writes that many events. */
    static final long MAX_GAP = 100_000;
    private static final int ERROR_LENGTH = 2000;

    private final WinbackDatabase db;

    @Activate
    public JdbcSubscriptionStore(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public void register(String name) {
        db.inTransaction("registering an event subscriber", c -> {
            if (Sql.queryOne(c, "SELECT 1 FROM subscriber_positions WHERE name = ?", rs -> 1, name).isEmpty()) {
                try {
                    Sql.execute(c, "INSERT INTO subscriber_positions (name, position, updated_at) VALUES (?, 0, ?)",
                            name, db.now());
                } catch (SQLException e) {
                    if (!SqlStates.isUniqueViolation(e)) {
                        throw e;
                    }
                    // Another node registered it at the same moment: one row is all it takes.
                    c.rollback();
                }
            }
            return null;
        });
    }

    @Override
    public boolean lease(String name, String node, Instant now, Instant until) {
        return db.inTransaction("leasing an event subscriber", c -> Sql.execute(c,
                "UPDATE subscriber_positions SET lease_holder = ?, lease_until = ? WHERE name = ?"
                        + " AND (lease_holder IS NULL OR lease_holder = ? OR lease_until < ?)",
                node, Sql.micros(until), name, node, Sql.micros(now)) == 1);
    }

    @Override
    public void release(String name, String node) {
        db.inTransaction("releasing an event subscriber", c -> Sql.execute(c,
                "UPDATE subscriber_positions SET lease_holder = NULL, lease_until = NULL"
                        + " WHERE name = ? AND lease_holder = ?", name, node));
    }

    @Override
    public List<WinbackEvent> pending(String name, Collection<String> types, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + JdbcEventStore.COLUMNS + " FROM event_log e WHERE (")
                .append("e.id > (SELECT position FROM subscriber_positions WHERE name = ?)")
                .append(" OR e.id IN (SELECT event_id FROM subscriber_gaps WHERE name = ?)")
                .append(" OR e.id IN (SELECT event_id FROM subscriber_dead_letters WHERE name = ? AND replay))");
        params.add(name);
        params.add(name);
        params.add(name);
        if (types != null && !types.isEmpty()) {
            sql.append(" AND e.type IN (").append(Sql.placeholders(types.size())).append(')');
            params.addAll(types);
        }
        sql.append(" ORDER BY e.id LIMIT ?");
        params.add(limit);
        return db.read("reading events for a subscriber",
                c -> Sql.queryList(c, sql.toString(), JdbcEventStore::toEvent, params.toArray()));
    }

    @Override
    public void done(String name, long eventId, Collection<String> types, Instant now) {
        db.inTransaction("moving an event subscriber on", c -> {
            long position = lockPosition(c, name);
            if (eventId > position) {
                rememberGaps(c, name, position, eventId, false, types, now);
                Sql.execute(c, "UPDATE subscriber_positions SET position = ?, updated_at = ? WHERE name = ?",
                        eventId, Sql.micros(now), name);
            }
            Sql.execute(c, "DELETE FROM subscriber_gaps WHERE name = ? AND event_id = ?", name, eventId);
            Sql.execute(c, "DELETE FROM subscriber_dead_letters WHERE name = ? AND event_id = ? AND replay", name,
                    eventId);
            Sql.execute(c, "UPDATE subscriber_positions SET retry_event_id = NULL, retry_attempts = 0,"
                    + " retry_at = NULL, last_error = NULL WHERE name = ? AND retry_event_id = ?", name, eventId);
            return null;
        });
    }

    @Override
    public void advance(String name, long upTo, Collection<String> types, Instant now) {
        db.inTransaction("moving an event subscriber past the log", c -> {
            long position = lockPosition(c, name);
            long to = Math.min(upTo, position + MAX_GAP);
            if (to > position) {
                rememberGaps(c, name, position, to, true, types, now);
                Sql.execute(c, "UPDATE subscriber_positions SET position = ?, updated_at = ? WHERE name = ?", to,
                        Sql.micros(now), name);
            }
            return null;
        });
    }

    @Override
    public long head() {
        return db.read("reading the head of the event log",
                c -> Sql.queryLong(c, "SELECT COALESCE(MAX(id), 0) FROM event_log"));
    }

    /**
     * The ids between the position and {@code to} (exclusive, or inclusive with {@code throughTo}) the subscriber
     * was not handed: all of them but those in the log with a type it does not want. Handing out follows the log
     * in id order, so an id below the one just done that is wanted was not there when the log was read; it is
     * delivered as soon as it appears (or forgotten once its transaction must have rolled back).
     */
    private static void rememberGaps(Connection c, String name, long position, long to, boolean throughTo,
            Collection<String> types, Instant now) throws SQLException {
        long last = throughTo ? to : to - 1;
        if (last <= position) {
            return;
        }
        Set<Long> unwanted = new HashSet<>();
        if (types != null && !types.isEmpty()) {
            List<Object> params = new ArrayList<>(List.of(position, last));
            params.addAll(types);
            unwanted.addAll(Sql.queryList(c, "SELECT id FROM event_log WHERE id > ? AND id <= ? AND type NOT IN ("
                    + Sql.placeholders(types.size()) + ")", rs -> rs.getLong(1), params.toArray()));
        }
        if (last - position > MAX_GAP) {
            // Not remembered id by id: no subscriber is handed that much at once (advance moves in smaller steps).
            return;
        }
        List<Object[]> gaps = new ArrayList<>();
        for (long id = position + 1; id <= last; id++) {
            if (!unwanted.contains(id)) {
                gaps.add(new Object[] {name, id, Sql.micros(now)});
            }
        }
        if (!gaps.isEmpty()) {
            Sql.executeBatch(c, "INSERT INTO subscriber_gaps (name, event_id, noticed_at) VALUES (?, ?, ?)", gaps);
        }
    }

    @Override
    public void retry(String name, long eventId, int attempts, Instant nextAttemptAt, String error) {
        db.inTransaction("recording a failed delivery", c -> Sql.execute(c, "UPDATE subscriber_positions"
                + " SET retry_event_id = ?, retry_attempts = ?, retry_at = ?, last_error = ? WHERE name = ?",
                eventId, attempts, Sql.micros(nextAttemptAt), Sql.clip(error, ERROR_LENGTH), name));
    }

    @Override
    public Optional<SubscriberStatus> status(String name) {
        return db.read("reading an event subscriber", c -> Sql.queryOne(c, STATUS + " WHERE p.name = ?",
                JdbcSubscriptionStore::toStatus, name));
    }

    @Override
    public void deadLetter(String name, long eventId, int attempts, String error, Collection<String> types,
            Instant now) {
        db.inTransaction("setting an event aside", c -> {
            lockPosition(c, name);
            Sql.execute(c, "DELETE FROM subscriber_dead_letters WHERE name = ? AND event_id = ?", name, eventId);
            Sql.execute(c, "INSERT INTO subscriber_dead_letters (name, event_id, attempts, last_error, failed_at,"
                    + " replay) VALUES (?, ?, ?, ?, ?, FALSE)", name, eventId, attempts,
                    Sql.clip(error, ERROR_LENGTH), Sql.micros(now));
            return null;
        });
        // Done, but the dead letter (no longer marked for replay) stays for the admin.
        done(name, eventId, types, now);
    }

    @Override
    public int expireGaps(Instant before) {
        return db.inTransaction("forgetting old gaps", c -> Sql.execute(c,
                "DELETE FROM subscriber_gaps WHERE noticed_at < ?", Sql.micros(before)));
    }

    private static final String EVENT_COLUMNS = "e.id, e.type, e.occurred_at, e.entity_type, e.entity_id, e.actor,"
            + " e.payload";

    private static final String STATUS = "SELECT p.name, p.position, p.lease_holder, p.lease_until,"
            + " p.retry_event_id, p.retry_attempts, p.retry_at, p.last_error,"
            + " (SELECT COUNT(*) FROM event_log e WHERE e.id > p.position) AS behind,"
            + " (SELECT COUNT(*) FROM subscriber_dead_letters d WHERE d.name = p.name AND NOT d.replay) AS dead"
            + " FROM subscriber_positions p";

    @Override
    public List<SubscriberStatus> statuses() {
        return db.read("listing event subscribers", c -> Sql.queryList(c, STATUS + " ORDER BY p.name",
                JdbcSubscriptionStore::toStatus));
    }

    @Override
    public List<DeadLetter> deadLetters(String name) {
        return db.read("listing dead letters", c -> {
            requireKnown(c, name);
            return Sql.queryList(c, "SELECT d.name AS subscriber, d.attempts, d.last_error, d.failed_at, "
                    + EVENT_COLUMNS + " FROM subscriber_dead_letters d JOIN event_log e ON e.id = d.event_id"
                    + " WHERE d.name = ? AND NOT d.replay ORDER BY e.id", rs -> {
                        DeadLetter d = new DeadLetter();
                        d.subscriber = rs.getString("subscriber");
                        d.attempts = rs.getInt("attempts");
                        d.lastError = rs.getString("last_error");
                        d.failedAt = Sql.instant(rs, "failed_at");
                        d.event = JdbcEventStore.toEvent(rs);
                        return d;
                    }, name);
        });
    }

    @Override
    public int replay(String name) {
        return db.inTransaction("replaying dead letters", c -> {
            requireKnown(c, name);
            return Sql.execute(c, "UPDATE subscriber_dead_letters SET replay = TRUE WHERE name = ? AND NOT replay",
                    name);
        });
    }

    private static void requireKnown(Connection c, String name) throws SQLException {
        if (Sql.queryOne(c, "SELECT 1 FROM subscriber_positions WHERE name = ?", rs -> 1, name).isEmpty()) {
            throw new NotFoundException("No event subscriber is called '" + name + "'");
        }
    }

    private static long lockPosition(Connection c, String name) throws SQLException {
        return Sql.queryOne(c, "SELECT position FROM subscriber_positions WHERE name = ? FOR UPDATE",
                rs -> rs.getLong(1), name).orElseThrow(() -> new NotFoundException("No event subscriber is called '"
                + name + "'"));
    }


    private static SubscriberStatus toStatus(ResultSet rs) throws SQLException {
        SubscriberStatus s = new SubscriberStatus();
        s.name = rs.getString("name");
        s.position = rs.getLong("position");
        s.leaseHolder = rs.getString("lease_holder");
        s.leaseUntil = Sql.instant(rs, "lease_until");
        long retry = rs.getLong("retry_event_id");
        s.retrying = rs.wasNull() ? null : retry;
        s.attempts = rs.getInt("retry_attempts");
        s.nextAttemptAt = Sql.instant(rs, "retry_at");
        s.lastError = rs.getString("last_error");
        s.behind = rs.getLong("behind");
        s.deadLetters = rs.getLong("dead");
        return s;
    }
}
