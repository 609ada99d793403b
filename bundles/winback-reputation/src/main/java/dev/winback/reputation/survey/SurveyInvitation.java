package dev.winback.reputation.survey;

import dev.winback.reputation.SurveyKind;
import java.time.Instant;
import java.util.UUID;

/**
 * An invitation to answer one survey through a signed, expiring, single-use link. The automatic ones follow a case's
 * closing (whatever its outcome) and, for a win-back, come again a configured time later; a manager may send one
 * by hand. The host (or a webhook on {@code survey.invited}) delivers the link: Winback sends no mail itself.
 */
public class SurveyInvitation {
    public UUID id;
    public UUID customerId;
    public UUID caseId;
    public Reason reason;
    public SurveyKind kind;
    public Status status;
    /** When it goes (or went) out. */
    public Instant dueAt;
    public Instant sentAt;
    public Instant expiresAt;
    public Instant answeredAt;
    public UUID responseId;
    /** Why a scheduled invitation was not sent (a contact block). */
    public String cancelReason;
    /** The survey link, while it can be answered (SENT and not expired); null otherwise. */
    public String link;
    public String createdBy;
    public Instant createdAt;

    public enum Reason {
        /** The case reached a terminal status. */
        CASE_CLOSED,
        /** The configured time after a case closed WON_BACK: the score after recovery. */
        AFTER_WIN_BACK,
        /** Sent by a manager. */
        MANUAL
    }

    public enum Status {
        /** Waits for its due time. */
        SCHEDULED,
        /** Out, with its link; answerable until it expires. */
        SENT,
        ANSWERED,
        /** Not sent: the customer carried a contact block when it was due. */
        CANCELLED
    }
}
