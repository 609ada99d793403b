package dev.winback.store.jdbc;

import dev.winback.api.store.AttemptLost;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The conditional writes of background jobs (import jobs, detection runs): a row is changed only while it is still
 * in the status and attempt its writer saw, so that of a runner, a node giving the runner's node up and a retry,
 * exactly one changes it, and a runner that lost its job learns so instead of writing over it.
 */
final class AttemptWrites {
    private AttemptWrites() {
    }

    /**
     * {@code UPDATE table SET columns WHERE id = ? AND status = ? AND attempts = ?}, the values bound in the order of
     * {@code columns}.
     *
     * @throws AttemptLost the row is not (any more) {@code seen} in {@code attempt}, or does not exist
     */
    static void update(Connection c, String table, String columns, Object[] values, String what, UUID id,
            Enum<?> seen, int attempt) throws SQLException {
        Objects.requireNonNull(seen, "seen");
        if (Sql.execute(c, Sql.updateById(table, columns) + " AND status = ? AND attempts = ?",
                Sql.concat(values, id, seen, attempt)) == 0) {
            throw lost(c, table, what, id, seen, attempt);
        }
    }

    /**
     * The jobs of {@code node} in one of {@code statuses}, oldest first: those a node giving {@code node} up fails,
     * each with {@link #update} on what it read here.
     */
    static <T> List<T> unfinished(Connection c, String table, String columns, String startedColumn,
            RowMapper<T> mapper, String node, Enum<?>... statuses) throws SQLException {
        Objects.requireNonNull(node, "node");
        return Sql.queryList(c, "SELECT " + columns + " FROM " + table + " WHERE node = ? AND status IN ("
                + Sql.placeholders(statuses.length) + ") ORDER BY " + startedColumn + ", id", mapper,
                Sql.concat(new Object[] {node}, (Object[]) statuses));
    }

    /** The exception for a writer that lost its job, saying what the job is now (for its log). */
    static AttemptLost lost(Connection c, String table, String what, UUID id, Enum<?> seen, int attempt)
            throws SQLException {
        String now = Sql.queryOne(c, "SELECT status, attempts, node, failure FROM " + table + " WHERE id = ?",
                rs -> ": it is " + rs.getString("status") + " in attempt " + rs.getInt("attempts") + " on node "
                        + rs.getString("node")
                        + (rs.getString("failure") == null ? "" : " (" + rs.getString("failure") + ")"), id)
                .orElse(null);
        return new AttemptLost(id, attempt, now == null ? what + " " + id + " does not exist"
                : what + " " + id + " is no longer " + seen + " in attempt " + attempt + now);
    }
}
