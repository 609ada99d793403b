package dev.winback.rest;

import dev.winback.api.dto.CaseClosure;
import java.math.BigDecimal;

/** Body of {@code POST /cases/{id}/steps/{stepId}/complete}. */
public class StepCompletion {
    /** One of the step's allowed outcomes, e.g. {@code CAN_DO}. */
    public String outcome;
    public String notes;
    /** For a decision step's WON_BACK: the revenue won back. */
    public BigDecimal revenue;
    /** ISO 4217 code of {@link #revenue}; defaults to the customer's currency. */
    public String currency;
    /** For a decision step's WON_BACK without a purchase on record: a manager confirms, {@link #notes} say how. */
    public Boolean managerConfirmed;

    /** What closes the case when the outcome is a decision that closes it; null when none of it was given. */
    CaseClosure closure() {
        if (revenue == null && currency == null && managerConfirmed == null) {
            return null;
        }
        CaseClosure closure = new CaseClosure();
        closure.revenue = revenue;
        closure.currency = currency;
        closure.managerConfirmed = Boolean.TRUE.equals(managerConfirmed);
        return closure;
    }
}
