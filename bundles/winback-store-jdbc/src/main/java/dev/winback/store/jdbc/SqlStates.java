package dev.winback.store.jdbc;

import java.sql.SQLException;
import java.util.Set;

/**
 * Recognises constraint violations by SQLState, which H2 and PostgreSQL share, so that the stores can turn them
 * into errors a person can act on instead of parsing vendor messages.
 */
final class SqlStates {
    private static final Set<String> UNIQUE_VIOLATION = Set.of("23505");
    /**
     * PostgreSQL reports both directions of a broken foreign key as 23503; H2 uses 23503 for "a child row still
     * refers to this" and 23506 for "the referenced row does not exist".
     */
    private static final Set<String> FOREIGN_KEY_VIOLATION = Set.of("23503", "23506");

    private SqlStates() {
    }

    static boolean isUniqueViolation(SQLException e) {
        return hasState(e, UNIQUE_VIOLATION);
    }

    static boolean isForeignKeyViolation(SQLException e) {
        return hasState(e, FOREIGN_KEY_VIOLATION);
    }

    /** Drivers and pools may wrap the server's exception, so the whole cause chain is searched. */
    private static boolean hasState(SQLException e, Set<String> states) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && states.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
