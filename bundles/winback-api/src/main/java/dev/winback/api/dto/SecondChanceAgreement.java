package dev.winback.api.dto;

import java.time.Instant;
import java.util.List;

/**
 * The written agreement on which a lost customer gives us another chance: conditions both sides set, each with a
 * date, monitored by the engine through a check step per condition.
 */
public class SecondChanceAgreement {
    /** Who signed for the customer. */
    public String customerSignatory;
    /** Where the signed document is: a CRM attachment id, a file reference. */
    public String documentReference;
    public List<AgreementCondition> conditions;
    public String agreedBy;
    public Instant agreedAt;
}
