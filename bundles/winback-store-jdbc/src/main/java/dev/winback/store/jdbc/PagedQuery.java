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
        String sql = "SELECT " + columns + " FROM " + table + filters.where()
                + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?";
        List<T> items = Sql.queryList(c, sql, mapper, params);
        return new Page<>(items, pageNumber, pageSize, total);
    }
}
