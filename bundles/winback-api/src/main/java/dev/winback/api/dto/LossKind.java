package dev.winback.api.dto;

/** How a customer came to be lost; it decides which recovery strategies apply. */
public enum LossKind {
    /** Stopped buying without saying so. */
    LAPSED,
    /** A bid or renewal went to a competitor. */
    LOST_DEAL,
    /** "Code 99": sued us, left our machines on the curb, bad-mouthed us. */
    HOSTILE,
    /** Still a customer, but after a complaint that puts the relationship at risk. */
    COMPLAINT
}
