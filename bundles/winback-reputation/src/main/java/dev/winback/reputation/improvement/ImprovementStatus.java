package dev.winback.reputation.improvement;

/** A draft is edited by managers and seen by them alone; a published improvement is public and never changes. */
public enum ImprovementStatus {
    DRAFT, PUBLISHED
}
