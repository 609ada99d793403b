package dev.winback.api.dto;

import java.time.Instant;
import java.util.UUID;

/**
 * One documented reason why the customer left, in their words, mapped to a {@link LossReason} and judged: can we
 * fix it, have we already? A case collects several; they refine the case's single loss reason and feed the
 * loss-reason analytics and the "You Said, We Did" improvements.
 */
public class CaseWhy {
    public UUID id;
    public UUID caseId;
    /** What the customer said, e.g. "Three invoices in a row were wrong and nobody called back". */
    public String statement;
    /** Code of the loss reason it maps to. */
    public String lossReason;
    /** Whether it is in our power to fix. */
    public Boolean fixable;
    /** Whether it is fixed already (so the customer can be told). */
    public Boolean alreadyFixed;
    public String recordedBy;
    public Instant recordedAt;
}
