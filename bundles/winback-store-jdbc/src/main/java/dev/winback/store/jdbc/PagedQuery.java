package dev.winback.store.jdbc;

import dev.winback.api.dto.Page;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a list query as one page plus the count of all matches. Callers clamp the page size to what they allow;
 * here a size of zero or less asks for the count alone, and a negative page is the first page.
 */
final class PagedQuery {
    private PagedQuery() {
    }

    /**
     * @param orderBy an ORDER BY list that ends in a unique column, so that pages neither overlap nor skip rows
     */
    static <T> Page<T> run(Connection c, String columns, String table, Filters filters, String orderBy,
                           int page, int size, RowMapper<T> mapper) throws SQLException {
        return run(c, columns, table, "", filters, orderBy, page, size, mapper);
    }

    /**
     * @param joins joins that add columns to each row of {@code table} but never add or remove rows (to-one joins
     *     on a non-null foreign key, LEFT JOINs on a unique key), so the count leaves them out; they take no
     *     parameters, which bind in the filters' order
     */
    static <T> Page<T> run(Connection c, String columns, String table, String joins, Filters filters,
                           String orderBy, int page, int size, RowMapper<T> mapper) throws SQLException {
        int pageNumber = Math.max(page, 0);
        int pageSize = Math.max(size, 0);
        long offset = (long) pageNumber * pageSize;

        long total = Sql.queryLong(c, "SELECT COUNT(*) FROM " + table + filters.where(), filters.params());
        if (pageSize == 0 || offset >= total) {
            return new Page<>(List.of(), pageNumber, pageSize, total);
        }
        Object[] params = Arrays.copyOf(filters.params(), filters.params().length + 2);
        params[params.length - 2] = pageSize;
        params[params.length - 1] = offset;
        String sql = "SELECT " + columns + " FROM " + table + joins + filters.where()
                + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?";
        List<T> items = Sql.queryList(c, sql, mapper, params);
        return new Page<>(items, pageNumber, pageSize, total);
    }
}
