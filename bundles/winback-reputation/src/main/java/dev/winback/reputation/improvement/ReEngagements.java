package dev.winback.reputation.improvement;

import static dev.winback.api.store.ModuleDatabase.instant;
import static dev.winback.api.store.ModuleDatabase.list;

import dev.winback.reputation.Band;
import dev.winback.reputation.ReputationSettings;
import dev.winback.reputation.SurveyKind;
import dev.winback.reputation.improvement.ImprovementNotification.Kind;
import dev.winback.reputation.improvement.ImprovementNotification.ReEngagement;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether the customers told about an improvement re-engaged: the first, within {@code reEngagementDays} after they
 * were told, of
 * <ul>
 * <li>PURCHASE: a purchase with an amount above zero dated from the day after the notification (UTC) through the
 * day the window ends (purchases carry a day, not a time; {@code at} is the start of that day);</li>
 * <li>BETTER_ANSWER: a survey answer (not since corrected) given after the notification that is better than the
 * customer's latest answer (not since corrected) given before it: in a better band, or of the same kind with a
 * higher score. Without an earlier answer, an answer that is not a detractor's (passive or promoter) counts: a
 * customer we lost is taken to start as a detractor;</li>
 * <li>CASE_OPENED: a recovery case opened for the customer by a person after the notification (the customer came
 * back to talk); the cases Winback opens itself (a detection run's, whoever started it; a complaint for a detractor
 * answer; a host's webhook) do not count, since they say nothing good about the customer's will to come back.</li>
 * </ul>
 * Read whenever asked, never stored, so a purchase imported late still counts. Every notification of one improvement
 * carries the moment it was published, so one window serves them all.
 */
public final class ReEngagements {
    private final ReputationSettings settings;

    public ReEngagements(ReputationSettings settings) {
        this.settings = settings;
    }

    public Instant windowEnd(Instant notifiedAt) {
        return notifiedAt.plus(Duration.ofDays(settings.reEngagementDays()));
    }

    /** The first re-engagement of each customer told about the improvement who re-engaged, by customer id. */
    Map<UUID, ReEngagement> of(Connection c, UUID improvementId, Instant notifiedAt) throws SQLException {
        Instant end = windowEnd(notifiedAt);
        String told = " FROM improvement_notifications n JOIN %s ON x.customer_id = n.customer_id"
                + " WHERE n.improvement_id = ? AND n.status = 'NOTIFIED' AND ";
        Map<UUID, ReEngagement> first = new HashMap<>();
        LocalDate dayAfter = notifiedAt.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1);
        for (Object[] row : list(c, "SELECT n.customer_id, MIN(x.purchased_on) AS first_day"
                + told.formatted("purchases x") + "x.amount > 0 AND x.purchased_on >= ? AND x.purchased_on <= ?"
                + " GROUP BY n.customer_id", rs -> new Object[] {rs.getObject(1, UUID.class),
                    rs.getObject("first_day", LocalDate.class)}, improvementId, Date.valueOf(dayAfter),
                Date.valueOf(end.atOffset(ZoneOffset.UTC).toLocalDate()))) {
            keepFirst(first, (UUID) row[0], new ReEngagement(Kind.PURCHASE, ((LocalDate) row[1]).atStartOfDay()
                    .toInstant(ZoneOffset.UTC)));
        }
        for (Object[] row : list(c, "SELECT n.customer_id, MIN(x.created_at) AS first_at"
                + told.formatted("recovery_cases x") + "x.created_at > ? AND x.created_at <= ?"
                + " AND x.opened_by NOT LIKE 'system%' AND x.detection_run_id IS NULL GROUP BY n.customer_id",
                rs -> new Object[] {rs.getObject(1, UUID.class), instant(rs, "first_at")}, improvementId, notifiedAt,
                end)) {
            keepFirst(first, (UUID) row[0], new ReEngagement(Kind.CASE_OPENED, (Instant) row[1]));
        }
        List<Answer> answers = list(c, "SELECT n.customer_id, x.kind, x.score, x.responded_at" + told.formatted(
                "survey_responses x") + "x.corrected_by IS NULL AND x.responded_at <= ?"
                + " ORDER BY n.customer_id, x.responded_at, x.id", rs -> new Answer(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getInt(3), instant(rs, "responded_at")), improvementId, end);
        Answer before = null;
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            if (i > 0 && !answers.get(i - 1).customerId.equals(a.customerId)) {
                before = null;
            }
            if (!a.at.isAfter(notifiedAt)) {
                before = a;
            } else if (better(a, before)) {
                keepFirst(first, a.customerId, new ReEngagement(Kind.BETTER_ANSWER, a.at));
                // later answers of this customer cannot come first
            }
        }
        return first;
    }

    /** One survey answer of a customer who was told. */
    private record Answer(UUID customerId, String kind, int score, Instant at) {
    }

    /** The rule of BETTER_ANSWER above. */
    boolean better(Answer after, Answer before) {
        SurveyKind kind = kind(after.kind);
        if (kind == null) {
            return false;
        }
        Band band = Band.of(kind, after.score, settings);
        if (before == null || kind(before.kind) == null) {
            return band != Band.DETRACTOR;
        }
        Band earlier = Band.of(kind(before.kind), before.score, settings);
        return band.compareTo(earlier) > 0 || (kind.name().equals(before.kind) && after.score > before.score);
    }

    /** Whether an answer of {@code kind} scoring {@code score} is better than one of {@code beforeKind}. */
    boolean better(SurveyKind kind, int score, SurveyKind beforeKind, Integer beforeScore) {
        return better(new Answer(null, kind.name(), score, null), beforeKind == null ? null
                : new Answer(null, beforeKind.name(), beforeScore, null));
    }

    private static SurveyKind kind(String name) {
        try {
            return SurveyKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void keepFirst(Map<UUID, ReEngagement> first, UUID customerId, ReEngagement candidate) {
        first.merge(customerId, candidate, (a, b) -> b.at.isBefore(a.at) ? b : a);
    }

    /** The totals of a notification list; the rate has four decimals and is null while nobody was told. */
    static NotificationPage.Totals totals(long notified, long skipped, long reEngaged) {
        NotificationPage.Totals t = new NotificationPage.Totals();
        t.notified = notified;
        t.skipped = skipped;
        t.reEngaged = reEngaged;
        t.rate = notified == 0 ? null : BigDecimal.valueOf(reEngaged).divide(BigDecimal.valueOf(notified), 4,
                RoundingMode.HALF_UP);
        return t;
    }
}
