package dev.winback.reputation.summary;

import dev.winback.reputation.summary.ReputationSummary.CloseTheLoop;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The complaints of detractor answers given in the window: contacted within the SLA, contacted late, not contacted
 * yet (still in time, or overdue), or never opened; and the median time to the first contact of those contacted.
 */
final class CloseTheLoopFigures {
    private static final String HOURS_TO_CONTACT =
            "(EXTRACT(EPOCH FROM k.first_contact_at) - EXTRACT(EPOCH FROM k.answered_at)) / 3600";
    private static final String SQL = "SELECT COUNT(*) AS complaints, %s,"
            // PERCENTILE_CONT leaves out the complaints not contacted (their hours are null).
            + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + HOURS_TO_CONTACT + ") AS median_hours"
            + " FROM complaints k WHERE k.answered_at >= ? AND k.answered_at < ?%s";

    private CloseTheLoopFigures() {
    }

    static void read(Connection c, SummaryScope scope, CloseTheLoop into) throws SQLException {
        String notContacted = "k.first_contact_at IS NULL AND k.status <> 'NOT_OPENED'";
        Tally tally = new Tally()
                .count("in_time", "k.first_contact_at <= k.first_contact_due_at")
                .count("late", "k.first_contact_at > k.first_contact_due_at")
                .count("awaiting", notContacted + " AND k.first_contact_due_at > ?")
                .count("overdue", notContacted + " AND k.first_contact_due_at <= ?")
                .count("not_opened", "k.first_contact_at IS NULL AND k.status = 'NOT_OPENED'");
        String sql = String.format(SQL, tally.columns(), scope.customers("k.customer_id"));
        BigDecimal median = SummaryScope.aggregate(c, sql, rs -> {
            into.complaints = rs.getLong("complaints");
            tally.read(rs);
            return rs.getBigDecimal("median_hours");
        }, scope.bind(List.of(scope.now, scope.now, scope.start, scope.end)));
        into.contactedInTime = tally.get("in_time");
        into.contactedLate = tally.get("late");
        into.awaitingContact = tally.get("awaiting");
        into.overdue = tally.get("overdue");
        into.notOpened = tally.get("not_opened");
        into.closeTheLoopRate = SummaryScope.percent(into.contactedInTime, into.complaints);
        into.medianHoursToFirstContact = median == null ? null : median.setScale(1, RoundingMode.HALF_UP);
    }
}
