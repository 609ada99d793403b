package dev.winback.reputation.complaint;

import java.time.Instant;
import java.util.UUID;

/**
 * A detractor answer, followed up: the COMPLAINT case it opened (or the customer's running case that takes it), and
 * whether the customer was contacted within the time-to-first-contact SLA.
 */
public class Complaint {
    public UUID id;
    public UUID responseId;
    public UUID customerId;
    public Status status;
    public UUID caseId;
    /** Why no case took it, or which running case did. */
    public String note;
    /** When the customer gave the answer. */
    public Instant answeredAt;
    /** When the answer reached Winback: the SLA runs from here, and only contacts from here on count. */
    public Instant receivedAt;
    /** The SLA: the first contact is due by then (counted from when the answer reached Winback). */
    public Instant firstContactDueAt;
    /** The first step that contacted the customer on the case after the answer reached Winback, once there is one. */
    public Instant firstContactAt;
    /** Whether the first contact came in time; null while none has. Output only. */
    public Boolean contactedInTime;
    public Instant createdAt;

    public enum Status {
        /** A COMPLAINT case was opened for it. */
        OPENED,
        /** The customer's running case takes it. */
        ATTACHED,
        /** No case could take it (a contact block, or no strategy handles complaints); the note says which. */
        NOT_OPENED
    }
}
