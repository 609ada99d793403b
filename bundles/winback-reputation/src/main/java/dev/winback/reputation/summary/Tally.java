package dev.winback.reputation.summary;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named counts of one aggregate row: each name counts the rows its condition holds for. Keeps a figure's name and
 * its SQL condition side by side, and reads them back by name.
 */
final class Tally {
    private final Map<String, String> conditions = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** Counts the rows for which {@code condition} (SQL) holds, as {@code name}. */
    Tally count(String name, String condition) {
        conditions.put(name, condition);
        return this;
    }

    /** The select list: one {@code SUM(CASE ...)} per name, in the order they were added. */
    String columns() {
        StringBuilder sql = new StringBuilder();
        conditions.forEach((name, condition) -> sql.append(sql.length() == 0 ? "" : ", ")
                .append("SUM(CASE WHEN ").append(condition).append(" THEN 1 ELSE 0 END) AS ").append(name));
        return sql.toString();
    }

    /** Reads every count of the current row (a sum over no rows is 0). */
    Tally read(ResultSet rs) throws SQLException {
        for (String name : conditions.keySet()) {
            counts.put(name, rs.getLong(name));
        }
        return this;
    }

    long get(String name) {
        Long count = counts.get(name);
        if (count == null) {
            throw new IllegalArgumentException("No count named " + name);
        }
        return count;
    }
}
