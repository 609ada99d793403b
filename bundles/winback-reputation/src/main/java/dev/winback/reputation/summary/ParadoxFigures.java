package dev.winback.reputation.summary;

import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.summary.ReputationSummary.RecoveryParadox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The recovery paradox: for each case closed WON_BACK in the window, the customer's latest NPS answer before the
 * win-back and their latest one from the win-back to the end of the window; the cases with both are the pairs, and
 * the NPS of the answers after minus that of the answers before is the paradox (a customer whose problem was put
 * right thinks better of us than before it happened).
 */
final class ParadoxFigures {
    private static final String LATEST_NPS = "(SELECT r.score FROM survey_responses r"
            + " WHERE r.customer_id = w.customer_id AND r.kind = 'NPS' AND r.corrected_by IS NULL AND %s"
            + " ORDER BY r.responded_at DESC, r.recorded_at DESC, r.id DESC FETCH FIRST 1 ROW ONLY)";
    private static final String PAIR = "before_score IS NOT NULL AND after_score IS NOT NULL";
    private static final String SQL = "SELECT COUNT(*) AS won_back, %s,"
            + " SUM(CASE WHEN " + PAIR + " THEN before_score END) AS sum_before,"
            + " SUM(CASE WHEN " + PAIR + " THEN after_score END) AS sum_after"
            + " FROM (SELECT " + String.format(LATEST_NPS, "r.responded_at < w.closed_at") + " AS before_score, "
            + String.format(LATEST_NPS, "r.responded_at >= w.closed_at AND r.responded_at < ?") + " AS after_score"
            + " FROM recovery_cases w WHERE w.status = 'WON_BACK' AND w.closed_at >= ? AND w.closed_at < ?%s%s"
            // OFFSET 0: each score is looked up once per case, not once per sum that reads it (see AnswerFigures).
            + " OFFSET 0 ROWS) pairs";

    private ParadoxFigures() {
    }

    static void read(Connection c, SummaryScope scope, ReputationSettings settings, RecoveryParadox into)
            throws SQLException {
        Tally tally = new Tally().count("pairs", PAIR);
        for (String when : new String[] {"before", "after"}) {
            tally.count(when + "_d", PAIR + " AND " + when + "_score <= " + settings.npsDetractorMax())
                    .count(when + "_p", PAIR + " AND " + when + "_score >= " + settings.npsPromoterMin());
        }
        // With a strategy filter, the win-back itself must be that strategy's.
        String strategy = scope.strategies == null ? "" : " AND " + SummaryScope.in("w.strategy", scope.strategies);
        String sql = String.format(SQL, tally.columns(), scope.customers("w.customer_id"), strategy);
        Object[] params = scope.bind(List.of(scope.end, scope.start, scope.end),
                scope.strategies == null ? new Object[0] : scope.strategies.toArray());
        long[] sums = SummaryScope.aggregate(c, sql, rs -> {
            into.wonBack = rs.getLong("won_back");
            tally.read(rs);
            return new long[] {rs.getLong("sum_before"), rs.getLong("sum_after")};
        }, params);
        into.pairs = tally.get("pairs");
        into.npsBefore = SummaryScope.nps(tally.get("before_p"), tally.get("before_d"), into.pairs);
        into.npsAfter = SummaryScope.nps(tally.get("after_p"), tally.get("after_d"), into.pairs);
        into.paradox = into.pairs == 0 ? null : into.npsAfter.subtract(into.npsBefore);
        into.meanScoreBefore = SummaryScope.mean(sums[0], into.pairs);
        into.meanScoreAfter = SummaryScope.mean(sums[1], into.pairs);
    }
}
