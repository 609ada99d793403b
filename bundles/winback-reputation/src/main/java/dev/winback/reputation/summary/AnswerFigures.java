package dev.winback.reputation.summary;

import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.summary.ReputationSummary.Move;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The figures of the answers, in one pass over the window's answers: bands, NPS, CSAT, the detractors' moves and
 * their rescue. Each customer's answers are numbered in time order (ties by when they were recorded, then by id),
 * and the band of a customer's first, latest, latest NPS and latest CSAT answer is read with one GROUP BY: the
 * number {@code nth × 4 + band} is largest for the latest answer and smallest for the first, and its remainder by
 * 4 is that answer's band (1 detractor, 2 passive, 3 promoter). A second, small statement counts the detractor
 * answers corrected away.
 */
final class AnswerFigures {
    private static final String ANSWERED = "SELECT r.customer_id, r.kind, r.corrects_id, r.responded_at, r.channel,"
            + " %s AS band,"
            + " ROW_NUMBER() OVER (PARTITION BY r.customer_id ORDER BY r.responded_at, r.recorded_at, r.id) AS nth"
            + " FROM survey_responses r"
            + " WHERE r.corrected_by IS NULL AND r.responded_at >= ? AND r.responded_at < ?%s";
    private static final String RESPONDENTS = "SELECT customer_id, COUNT(*) AS answers,"
            + " SUM(CASE WHEN corrects_id IS NULL THEN 0 ELSE 1 END) AS corrections,"
            + " MOD(MIN(nth * 4 + band), 4) AS first_band,"
            + " MOD(MAX(nth * 4 + band), 4) AS last_band,"
            + " MOD(MAX(CASE WHEN kind = 'NPS' THEN nth * 4 + band END), 4) AS nps_band,"
            + " MOD(MAX(CASE WHEN kind = 'CSAT' THEN nth * 4 + band END), 4) AS csat_band,"
            + " MIN(responded_at) AS first_at, MAX(responded_at) AS last_at,"
            + " MIN(CASE WHEN band = 1 THEN responded_at END) AS first_detractor_at,"
            + " SUM(CASE WHEN channel = 'API' THEN 1 ELSE 0 END) AS by_api,"
            + " SUM(CASE WHEN channel = 'IMPORT' THEN 1 ELSE 0 END) AS by_import,"
            + " SUM(CASE WHEN channel = 'LINK' THEN 1 ELSE 0 END) AS by_link"
            + " FROM (" + ANSWERED + ") answered GROUP BY customer_id";
    private static final String CLASSIFIED = "SELECT p.answers, p.corrections, p.first_band, p.last_band,"
            + " p.nps_band, p.csat_band, p.first_detractor_at, p.by_api, p.by_import, p.by_link,"
            // Went through recovery: a step of one of the customer's cases that contacts the customer was completed
            // between the first detractor answer and the latest answer. An open case is not enough: the module
            // opens a COMPLAINT case for every recent detractor answer. The IN is the customers contacted in the
            // window, looked up once as a hashed set; only they need the EXISTS for their own two times (a tenth
            // of the first-time detractors in the benchmark).
            + " CASE WHEN p.first_band = 1 AND p.customer_id IN (SELECT cc.customer_id FROM recovery_cases cc"
            + " JOIN recovery_steps cs ON cs.case_id = cc.id WHERE cs.contacts_customer = TRUE"
            + " AND cs.outcome_recorded_at >= ? AND cs.outcome_recorded_at < ?)"
            + " AND EXISTS (SELECT 1 FROM recovery_cases rc"
            + " JOIN recovery_steps st ON st.case_id = rc.id WHERE rc.customer_id = p.customer_id"
            + " AND st.contacts_customer = TRUE AND st.outcome_recorded_at >= p.first_detractor_at"
            + " AND st.outcome_recorded_at <= p.last_at) THEN 1 ELSE 0 END AS recovered,"
            // Bought on a later day than the first detractor answer's, up to the window's last day: the latest
            // purchase of the window is later than that day. One GROUP BY over the window's purchases costs less
            // than looking for a purchase of each detractor.
            + " CASE WHEN b.last_bought > " + String.format(SummaryScope.UTC_DAY, "p.first_detractor_at")
            + " THEN 1 ELSE 0 END AS rescued"
            + " FROM (" + RESPONDENTS + ") p"
            + " LEFT JOIN (SELECT pu.customer_id, MAX(pu.purchased_on) AS last_bought FROM purchases pu"
            + " WHERE pu.amount > 0 AND pu.purchased_on > ? AND pu.purchased_on <= ? GROUP BY pu.customer_id) b"
            + " ON b.customer_id = p.customer_id"
            // OFFSET 0 keeps PostgreSQL from pulling this table up into the sums, which would copy the EXISTS into
            // every sum that reads recovered and run it that many times per customer.
            + " OFFSET 0 ROWS";
    private static final String SQL = "SELECT COUNT(*) AS respondents, SUM(answers) AS answers,"
            + " SUM(corrections) AS corrections, SUM(by_api) AS by_api, SUM(by_import) AS by_import,"
            + " SUM(by_link) AS by_link, %s FROM (" + CLASSIFIED + ") classified";
    /**
     * Answers of the window replaced by a correction: those a detractor's whose correction is not. Read from the
     * corrections (x, found by the index on corrects_id) to the answer each replaced (r, by its key): scanning the
     * window's answers for the corrected ones took 0.2 to 0.3 s of the benchmark's summary. The lookup is an EXISTS
     * in the select list so that PostgreSQL runs it per correction: as a join it misjudged how few answers are
     * detractors' and sorted the whole window (0.4 s with a segment). A correction is its answer's customer's, so
     * the filters apply to x.
     */
    private static final String CORRECTED_AWAY = "SELECT SUM(CASE WHEN EXISTS (SELECT 1 FROM survey_responses r"
            + " WHERE r.id = x.corrects_id AND r.corrected_by = x.id AND r.responded_at >= ? AND r.responded_at < ?"
            + " AND %s = 1) THEN 1 ELSE 0 END) FROM survey_responses x WHERE x.corrects_id IS NOT NULL AND %s <> 1%s";

    private AnswerFigures() {
    }

    static void read(Connection c, SummaryScope scope, ReputationSettings settings, ReputationSummary into)
            throws SQLException {
        Tally tally = tally();
        String sql = String.format(SQL, tally.columns(), band(settings, "r.kind", "r.score"),
                scope.customers("r.customer_id"));
        // In the order of the text: the window of the contacts, the answers' window and its filters, then the
        // purchases' days.
        Object[] params = scope.bind(List.of(scope.start, scope.end, scope.start, scope.end), scope.firstDay,
                scope.lastDay);
        SummaryScope.aggregate(c, sql, rs -> {
            into.respondents = rs.getLong("respondents");
            into.answers = rs.getLong("answers");
            into.corrections = rs.getLong("corrections");
            into.answersByChannel.put("API", rs.getLong("by_api"));
            into.answersByChannel.put("IMPORT", rs.getLong("by_import"));
            into.answersByChannel.put("LINK", rs.getLong("by_link"));
            return tally.read(rs);
        }, params);
        into.correctedAway = SummaryScope.aggregate(c, String.format(CORRECTED_AWAY,
                band(settings, "r.kind", "r.score"), band(settings, "x.kind", "x.score"),
                scope.customers("x.customer_id")), rs -> rs.getLong(1), scope.bind(List.of(scope.start, scope.end)));

        into.bands.detractors = tally.get("band_d");
        into.bands.passives = tally.get("band_m");
        into.bands.promoters = tally.get("band_p");
        into.nps.respondents = tally.get("nps_n");
        into.nps.detractors = tally.get("nps_d");
        into.nps.passives = tally.get("nps_m");
        into.nps.promoters = tally.get("nps_p");
        into.nps.score = SummaryScope.nps(into.nps.promoters, into.nps.detractors, into.nps.respondents);
        into.csat.respondents = tally.get("csat_n");
        into.csat.unsatisfied = tally.get("csat_d");
        into.csat.neutral = tally.get("csat_m");
        into.csat.satisfied = tally.get("csat_p");
        into.csat.score = SummaryScope.percent(into.csat.satisfied, into.csat.respondents);
        move(tally, "rec", into.moves.wentThroughRecovery);
        move(tally, "none", into.moves.noRecovery);
        into.rescue.detractors = tally.get("rescue_n");
        into.rescue.rescued = tally.get("rescued");
        into.rescue.rescueRate = SummaryScope.percent(into.rescue.rescued, into.rescue.detractors);
    }

    /**
     * {@link dev.winback.reputation.Band#of} in SQL, as a number: 1 detractor, 2 passive, 3 promoter, for the
     * answer of kind {@code kind} (NPS or CSAT) and score {@code score} (SQL expressions).
     */
    static String band(ReputationSettings settings, String kind, String score) {
        return String.format("CASE WHEN %2$s <= CASE WHEN %1$s = 'NPS' THEN %3$d ELSE %4$d END THEN 1"
                + " WHEN %2$s >= CASE WHEN %1$s = 'NPS' THEN %5$d ELSE %6$d END THEN 3 ELSE 2 END", kind, score,
                settings.npsDetractorMax(), settings.csatDetractorMax(), settings.npsPromoterMin(),
                settings.csatPromoterMin());
    }

    private static Tally tally() {
        Tally t = new Tally()
                .count("band_d", "last_band = 1").count("band_m", "last_band = 2").count("band_p", "last_band = 3")
                .count("nps_n", "nps_band IS NOT NULL").count("nps_d", "nps_band = 1").count("nps_m", "nps_band = 2")
                .count("nps_p", "nps_band = 3")
                .count("csat_n", "csat_band IS NOT NULL").count("csat_d", "csat_band = 1")
                .count("csat_m", "csat_band = 2").count("csat_p", "csat_band = 3")
                .count("rescue_n", "first_detractor_at IS NOT NULL").count("rescued", "rescued = 1");
        for (String group : new String[] {"rec", "none"}) {
            String first = "first_band = 1 AND recovered = " + (group.equals("rec") ? 1 : 0);
            t.count(group + "_n", first).count(group + "_none", first + " AND answers = 1")
                    .count(group + "_d", first + " AND answers > 1 AND last_band = 1")
                    .count(group + "_m", first + " AND answers > 1 AND last_band = 2")
                    .count(group + "_p", first + " AND answers > 1 AND last_band = 3");
        }
        return t;
    }

    private static void move(Tally tally, String group, Move into) {
        into.detractors = tally.get(group + "_n");
        into.noLaterAnswer = tally.get(group + "_none");
        into.stillDetractor = tally.get(group + "_d");
        into.toPassive = tally.get(group + "_m");
        into.toPromoter = tally.get(group + "_p");
        long later = into.stillDetractor + into.toPassive + into.toPromoter;
        into.toPassiveRate = SummaryScope.percent(into.toPassive, later);
        into.toPromoterRate = SummaryScope.percent(into.toPromoter, later);
        into.stillDetractorRate = SummaryScope.percent(into.stillDetractor, later);
    }
}
