package dev.winback.rest;

import dev.winback.api.dto.CaseStatus;
import java.math.BigDecimal;

/** Body of {@code POST /cases/{id}/close}. */
public class CaseClosure {
    /** A terminal status: WON_BACK, CLOSED_NEVER, CLOSED_CANNOT_PROVIDE or CLOSED_NO_RESPONSE. */
    public CaseStatus status;
    /** Revenue won back; required with WON_BACK, refused otherwise. */
    public BigDecimal revenue;
    public String notes;
}
