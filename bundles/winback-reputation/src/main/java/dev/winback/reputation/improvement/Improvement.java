package dev.winback.reputation.improvement;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One "You Said, We Did": what customers told us, what we changed, and how anyone can tell, linked to the loss
 * reasons it answers and to the documented whys it came from. Only title, customersSaid, weDid, evidence, improvedOn,
 * lossReasons, whyIds, corrects and recordedFrom are read from a request; the rest is the server's.
 */
public class Improvement {
    public UUID id;
    public String title;
    public String customersSaid;
    public String weDid;
    public String evidence;
    /** The day the change took effect; not in the future. */
    public LocalDate improvedOn;
    /** Codes of the loss-reason list; at least one. Customers whose cases cited one are told on publication. */
    public List<String> lossReasons = new ArrayList<>();
    /** Ids of documented whys (case whys); a case holding one is told too. */
    public List<UUID> whyIds = new ArrayList<>();
    public ImprovementStatus status;
    public Instant publishedAt;
    public String publishedBy;
    /**
     * The published improvement this one corrects, if any: a published improvement never changes, so a correction
     * is a new one that names it.
     */
    public UUID corrects;
    /** The published improvements that correct this one, oldest first (read only). */
    public List<UUID> correctedBy = new ArrayList<>();
    /** The case and step (fivestep's you-said-we-did) it was recorded at, if any. */
    public RecordedFrom recordedFrom;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    /** The row version: the ETag, sent as a header rather than in the body. */
    @JsonIgnore
    public long rowVersion;

    /** Where an improvement was recorded: a recovery case and the step of it that asked for the improvement. */
    public static class RecordedFrom {
        public UUID caseId;
        public UUID stepId;

        public RecordedFrom() {
        }

        public RecordedFrom(UUID caseId, UUID stepId) {
            this.caseId = caseId;
            this.stepId = stepId;
        }
    }
}
