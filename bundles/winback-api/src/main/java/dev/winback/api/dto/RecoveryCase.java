package dev.winback.api.dto;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A lost customer under recovery. */
public class RecoveryCase {
    public UUID id;
    public UUID customerId;
    public LossKind lossKind;
    /** Code of a {@link LossReason}. */
    public String lossReason;
    /** When the customer was lost (the lost bid's date, the last purchase, the day they sued). */
    public Instant lostAt;
    /** User name of the rep who runs the case. */
    public String ownerRep;
    /** Name of the recovery strategy running the case, or null while none is assigned. */
    public String strategy;
    public CaseStatus status;
    public String notes;
    /** User who opened the case. */
    public String openedBy;
    public Instant createdAt;
    public Instant updatedAt;
    /** Optimistic-lock version; the REST layer exposes it as the ETag. */
    public long version;
    /** Revenue won back; set when the case closes as {@code WON_BACK}. */
    public BigDecimal recoveredRevenue;
    /** ISO 4217 code of {@link #recoveredRevenue}. */
    public String revenueCurrency;
    /** When the case reached a terminal status, who closed it, and why. */
    public Instant closedAt;
    public String closedBy;
    public String closeNotes;
    /** For a case closed as {@code WON_BACK}: what shows the customer came back. */
    public WinBackEvidence evidence;
    /** In lists: the customer's name and the next planned step (name, due time, assignee); null in one case read. */
    public String customerName;
    public RecoveryStep nextStep;
    /** Input only: open a second running case for a customer who has one (managers and admins). */
    public Boolean parallel;
    /** Input only: run the named strategy even though it does not apply to the loss kind (managers and admins). */
    public Boolean force;
    /** The customer asked not to be contacted again (or the strategy ruled it): no further step may be planned. */
    public boolean noFurtherContact;
    /** The plan so far, oldest first; filled when one case is read, empty in lists. */
    public List<RecoveryStep> steps;
    /** The documented whys, oldest first; filled when one case is read. */
    public List<CaseWhy> whys;
    /** For a case a detection run opened: the score and the reason it was flagged; null otherwise. */
    public DetectionFinding detection;
    /** The second-chance agreement, once there is one. */
    public SecondChanceAgreement agreement;
}
