package dev.winback.reputation.improvement;

import java.time.Instant;
import java.util.UUID;

/** A documented why of one case, as the search across cases shows it. */
public class DocumentedWhy {
    public UUID id;
    public UUID caseId;
    public UUID customerId;
    public String statement;
    public String lossReason;
    public boolean fixable;
    public boolean alreadyFixed;
    public String recordedBy;
    public Instant recordedAt;
}
