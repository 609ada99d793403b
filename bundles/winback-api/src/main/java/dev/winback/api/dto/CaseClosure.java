package dev.winback.api.dto;

import java.math.BigDecimal;

/** A request to close a case. */
public class CaseClosure {
    /** A terminal status. */
    public CaseStatus status;
    /** For {@code WON_BACK}: the revenue won back. */
    public BigDecimal revenue;
    /** ISO 4217 code of {@link #revenue}; defaults to the customer's currency. */
    public String currency;
    /** Why the case ends; required when a manager gives up before the plan's last step. */
    public String notes;
    /**
     * For {@code WON_BACK} without a purchase on record: a manager confirms the customer is back; {@link #notes}
     * must say how they know.
     */
    public boolean managerConfirmed;
}
