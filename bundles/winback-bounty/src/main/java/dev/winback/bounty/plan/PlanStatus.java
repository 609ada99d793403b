package dev.winback.bounty.plan;

/** Where a plan version is in its life: only a draft may change; a published version pays; a retired one no more. */
public enum PlanStatus {
    DRAFT, PUBLISHED, RETIRED
}
