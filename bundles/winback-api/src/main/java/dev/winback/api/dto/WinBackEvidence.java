package dev.winback.api.dto;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Why a case may say the customer came back: a purchase dated after the case opened, or a manager's confirmation
 * with a note. Bounties pay on it, so it is recorded with the case when it closes as {@code WON_BACK}.
 */
public class WinBackEvidence {
    public Kind kind;
    /** For {@link Kind#PURCHASE}: the purchase, its date and amount. */
    public UUID purchaseId;
    public LocalDate purchaseDate;
    public BigDecimal purchaseAmount;
    /** For {@link Kind#MANAGER_CONFIRMATION}: who confirmed, and what they know. */
    public String confirmedBy;
    public String note;
    public Instant recordedAt;

    public enum Kind {
        PURCHASE, MANAGER_CONFIRMATION
    }
}
