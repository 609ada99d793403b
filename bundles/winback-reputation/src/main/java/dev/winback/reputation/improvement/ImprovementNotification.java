package dev.winback.reputation.improvement;

import java.time.Instant;
import java.util.UUID;

/**
 * One customer an improvement was published to, with whether they re-engaged within the window. Re-engagement is
 * read from purchases, survey answers and cases whenever the notification is read; nothing of it is stored.
 */
public class ImprovementNotification {
    public UUID improvementId;
    public UUID customerId;
    public String customerName;
    /** The customer's newest case that cited one of the improvement's reasons or holds one of its whys. */
    public UUID caseId;
    public NotificationStatus status;
    public Instant notifiedAt;
    /** The end of the re-engagement window (notifiedAt + reEngagementDays); null for a customer not told. */
    public Instant windowEndsAt;
    /** The first sign of re-engagement within the window, or null. */
    public ReEngagement reEngaged;

    /** Whether the customer was told. */
    public enum NotificationStatus {
        /** An improvement.customer-notified event went out for them. */
        NOTIFIED,
        /** The customer carries a contact block: no event, nobody contacts them. */
        SKIPPED_CONTACT_BLOCK
    }

    /** What the customer did, and when. */
    public static class ReEngagement {
        public Kind kind;
        /** For a purchase, the start (UTC) of its day: purchases are dated, not timed. */
        public Instant at;

        public ReEngagement() {
        }

        public ReEngagement(Kind kind, Instant at) {
            this.kind = kind;
            this.at = at;
        }
    }

    /** The three ways a customer re-engages. */
    public enum Kind {
        PURCHASE, BETTER_ANSWER, CASE_OPENED
    }
}
