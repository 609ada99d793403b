package dev.winback.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Statement helpers shared by the stores. Values are bound so that the same Java types work on H2 and
 * PostgreSQL: instants as UTC {@link OffsetDateTime} (TIMESTAMP WITH TIME ZONE), enums by name, UUIDs as objects.
 */
final class Sql {
    private Sql() {
    }

    static int execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    static <T> List<T> queryList(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    static long queryLong(Connection c, String sql, Object... params) throws SQLException {
        return queryOne(c, sql, rs -> rs.getLong(1), params).orElseThrow();
    }

    /** Runs the statement once per row of parameters as one JDBC batch: a round trip for all rather than each. */
    static void executeBatch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** {@code "?, ?, ?"} for an IN list of {@code count} values; callers handle an empty list themselves. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** {@code INSERT INTO table (a, b) VALUES (?, ?)} for a column list {@code "a, b"}. */
    static String insertInto(String table, String columns) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders(columnList(columns).length)
                + ")";
    }

    /** {@code UPDATE table SET a = ?, b = ? WHERE id = ?} for a column list {@code "a, b"}; the id binds last. */
    static String updateById(String table, String columns) {
        return "UPDATE " + table + " SET " + String.join(" = ?, ", columnList(columns)) + " = ? WHERE id = ?";
    }

    /** The parameters of {@code first}, then the others: for statements that bind a shared list among others. */
    static Object[] concat(Object[] first, Object... more) {
        Object[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /**
     * The text cut to a column's width. For texts whose loss would cost more than their end, such as a failure
     * message: rather a shortened message than a job whose failure cannot be recorded at all.
     */
    static String clip(String text, int maxLength) {
        return text == null || text.length() <= maxLength ? text : text.substring(0, maxLength);
    }

    private static String[] columnList(String columns) {
        return columns.strip().split("\\s*,\\s*");
    }

    /** Rolls back after a failure; should that fail too, it is recorded on the failure rather than hiding it. */
    static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            if (value == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (value instanceof Instant instant) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else if (value instanceof Enum<?> constant) {
                ps.setString(i + 1, constant.name());
            } else {
                ps.setObject(i + 1, value);
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * The instant as both databases keep it. For values a store stores as given rather than stamps itself, so
     * that what is read back equals what was written, on either engine.
     */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    /** A nullable number column as its boxed type ({@code Integer}, {@code Long}, {@code Double}), null for NULL. */
    static <N extends Number> N number(ResultSet rs, String column, Class<N> type) throws SQLException {
        return rs.getObject(column, type);
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static <E extends Enum<E>> E enumValue(ResultSet rs, String column, Class<E> type) throws SQLException {
        String name = rs.getString(column);
        return name == null ? null : Enum.valueOf(type, name);
    }
}
