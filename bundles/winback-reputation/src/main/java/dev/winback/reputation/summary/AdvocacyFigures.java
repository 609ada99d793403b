package dev.winback.reputation.summary;

import dev.winback.reputation.summary.ReputationSummary.Advocacy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Advocacy in the window, counted by kind, and the revenue of the customers referred in it: every purchase of a
 * referred customer dated from the day of their (first) referral in the window to its last day, each purchase once
 * however often the customer was referred. The filters apply to the customer who advocated.
 */
final class AdvocacyFigures {
    private static final String COUNTS = "SELECT %s FROM advocacy_events a"
            + " WHERE a.occurred_on >= ? AND a.occurred_on <= ?%s";
    private static final String REVENUE = "SELECT SUM(p.amount) FROM purchases p"
            + " JOIN (SELECT a.referred_customer_id AS customer_id, MIN(a.occurred_on) AS since"
            + " FROM advocacy_events a WHERE a.kind = 'REFERRAL' AND a.referred_customer_id IS NOT NULL"
            + " AND a.occurred_on >= ? AND a.occurred_on <= ?%s GROUP BY a.referred_customer_id) referred"
            + " ON p.customer_id = referred.customer_id"
            + " WHERE p.amount > 0 AND p.purchased_on >= referred.since AND p.purchased_on <= ?";

    private AdvocacyFigures() {
    }

    static void read(Connection c, SummaryScope scope, Advocacy into) throws SQLException {
        Tally tally = new Tally().count("testimonials", "a.kind = 'TESTIMONIAL'")
                .count("referrals", "a.kind = 'REFERRAL'").count("reviews", "a.kind = 'PUBLIC_REVIEW'");
        String filter = scope.customers("a.customer_id");
        List<Object> window = List.of(scope.firstDay, scope.lastDay);
        SummaryScope.aggregate(c, String.format(COUNTS, tally.columns(), filter), tally::read, scope.bind(window));
        into.testimonials = tally.get("testimonials");
        into.referrals = tally.get("referrals");
        into.publicReviews = tally.get("reviews");
        BigDecimal revenue = SummaryScope.aggregate(c, String.format(REVENUE, filter), rs -> rs.getBigDecimal(1),
                scope.bind(window, scope.lastDay));
        into.referralRevenue = (revenue == null ? BigDecimal.ZERO : revenue).setScale(2, RoundingMode.HALF_UP);
    }
}
