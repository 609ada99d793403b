package dev.winback.api.dto;

import java.util.UUID;

/** Filters and paging for listing recovery cases; null filters match everything. */
public class CaseQuery {
    public CaseStatus status;
    public String ownerRep;
    public LossKind lossKind;
    public String lossReason;
    public UUID customerId;
    public String strategy;
    /** Only cases with a PLANNED step past its due time. */
    public boolean overdue;
    public int page;
    public int size = 20;
}
