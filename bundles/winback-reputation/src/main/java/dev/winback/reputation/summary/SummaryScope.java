package dev.winback.reputation.summary;

import dev.winback.api.store.ModuleDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One summary's window as the queries bind it, and the customer filters every figure applies: the same fragment
 * after each figure's customer column, so no figure can count a customer another one leaves out.
 */
final class SummaryScope {
    /**
     * SQL: the day (UTC) of a TIMESTAMP WITH TIME ZONE, as a DATE. Both databases cast a timestamp to a date in the
     * session's time zone, and H2's AT TIME ZONE keeps the instant, so the day is counted from the epoch.
     */
    static final String UTC_DAY = "DATE '1970-01-01' + CAST(FLOOR(EXTRACT(EPOCH FROM %s) / 86400) AS INTEGER)";

    final SummaryQuery query;
    /** The window as instants: [from 00:00Z, to + 1 00:00Z). */
    final Instant start;
    final Instant end;
    final Date firstDay;
    final Date lastDay;
    /** When the summary is made: complaints not contacted yet are overdue or awaiting by it. */
    final Instant now;
    /** The spellings of the segment filter in the customers' table (null: no filter), of the strategy in the cases'. */
    final List<String> segments;
    final List<String> strategies;

    private SummaryScope(SummaryQuery query, Instant now, List<String> segments, List<String> strategies) {
        this.query = query;
        this.start = query.from.atStartOfDay(ZoneOffset.UTC).toInstant();
        this.end = query.to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        this.firstDay = Date.valueOf(query.from);
        this.lastDay = Date.valueOf(query.to);
        this.now = now;
        this.segments = segments;
        this.strategies = strategies;
    }

    /**
     * The scope of {@code query}, with the filters' case-insensitive values looked up as they are spelled in the
     * tables: the figures then compare the columns themselves, whose statistics tell PostgreSQL how many customers a
     * segment has (it cannot know that of {@code LOWER(segment)}, and guessed a few hundred of 25,000).
     */
    static SummaryScope of(Connection c, SummaryQuery query, Instant now) throws SQLException {
        return new SummaryScope(query, now,
                spellings(c, "SELECT DISTINCT segment FROM customers WHERE LOWER(segment) = ?", query.segment),
                spellings(c, "SELECT DISTINCT strategy FROM recovery_cases WHERE LOWER(strategy) = ?",
                        query.strategy));
    }

    private static List<String> spellings(Connection c, String sql, String lowerCased) throws SQLException {
        return lowerCased == null ? null : ModuleDatabase.list(c, sql, rs -> rs.getString(1), lowerCased);
    }

    /** The filters on a customer id column, as {@code AND ...} (empty without filters); binds {@link #params()}. */
    String customers(String column) {
        StringBuilder sql = new StringBuilder();
        if (segments != null) {
            sql.append(" AND ").append(column).append(" IN (SELECT c.id FROM customers c WHERE ")
                    .append(in("c.segment", segments)).append(")");
        }
        if (strategies != null) {
            sql.append(" AND ").append(column).append(" IN (SELECT s.customer_id FROM recovery_cases s WHERE ")
                    .append(in("s.strategy", strategies)).append(")");
        }
        return sql.toString();
    }

    /** {@code column IN (?, ...)} for {@code values}; false for none (a filter no row meets). */
    static String in(String column, List<String> values) {
        return values.isEmpty() ? "1 = 0" : column + " IN (" + String.join(", ", Collections.nCopies(values.size(),
                "?")) + ")";
    }

    /** The values {@link #customers(String)} binds, in its order. */
    List<Object> params() {
        List<Object> params = new ArrayList<>();
        if (segments != null) {
            params.addAll(segments);
        }
        if (strategies != null) {
            params.addAll(strategies);
        }
        return params;
    }

    /** {@code leading}, then the filters' values, then {@code trailing}: a statement's parameters in order. */
    Object[] bind(List<Object> leading, Object... trailing) {
        List<Object> all = new ArrayList<>(leading);
        all.addAll(params());
        all.addAll(Arrays.asList(trailing));
        return all.toArray();
    }

    /** The one row of an aggregate query, mapped; the mapping may be null (a sum over no rows). */
    static <T> T aggregate(Connection c, String sql, ModuleDatabase.Row<T> row, Object... params)
            throws SQLException {
        return ModuleDatabase.list(c, sql, row, params).get(0);
    }

    /** {@code part / whole × 100} with one decimal, or null when {@code whole} is 0. */
    static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1,
                RoundingMode.HALF_UP);
    }

    /** Net Promoter Score: (promoters − detractors) / respondents × 100, one decimal; null without respondents. */
    static BigDecimal nps(long promoters, long detractors, long respondents) {
        return percent(promoters - detractors, respondents);
    }

    /** {@code sum / count} with one decimal, or null when {@code count} is 0. */
    static BigDecimal mean(long sum, long count) {
        return count == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 1, RoundingMode.HALF_UP);
    }
}
