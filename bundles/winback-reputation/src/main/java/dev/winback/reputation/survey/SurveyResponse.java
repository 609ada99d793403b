package dev.winback.reputation.survey;

import dev.winback.reputation.Band;
import dev.winback.reputation.SurveyKind;
import java.time.Instant;
import java.util.UUID;

/**
 * One answer of a customer to an NPS or CSAT question. Never changed and never deleted: a wrong one recorded by staff
 * is corrected by a new answer that names it ({@link #correctsId}), and both stay on the customer's timeline.
 */
public class SurveyResponse {
    public UUID id;
    public UUID customerId;
    /** The recovery case the answer is about, if any. */
    public UUID caseId;
    public SurveyKind kind;
    /** NPS 0-10, CSAT 1-5. */
    public Integer score;
    /** The customer's words, kept as they were given. */
    public String comment;
    public Instant respondedAt;
    /** How it reached us. Output only. */
    public Channel channel;
    /** The invitation answered through its link. Output only. */
    public UUID invitationId;
    /** The answer this one corrects; output only (corrections are made at {@code .../corrections}). */
    public UUID correctsId;
    public String correctionReason;
    /** The correction that replaced this answer in the figures, if any. Output only. */
    public UUID correctedBy;
    /** The band the answer puts the customer in, by the thresholds configured now. Output only. */
    public Band band;
    public String recordedBy;
    public Instant recordedAt;

    /** Input only, instead of customerId: the host's key of the customer, with {@link #source}. */
    public String externalId;
    public String source;

    /** How an answer reached Winback. */
    public enum Channel {
        /** Recorded through the API by a user or the host (e.g. a rep noting what the customer said on the phone). */
        API,
        /** From a CSV or JSON-lines file. */
        IMPORT,
        /** The customer's own answer on the survey page of their link. */
        LINK
    }
}
