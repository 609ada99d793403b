package dev.winback.api.dto;

/** Where a recovery case stands. The {@code CLOSED_*} and {@code WON_BACK} states are terminal. */
public enum CaseStatus {
    OPEN,
    /** Its strategy is not installed right now; steps wait, nothing is lost. */
    PAUSED,
    WON_BACK,
    CLOSED_NEVER,
    CLOSED_CANNOT_PROVIDE,
    CLOSED_NO_RESPONSE,
    /** A review (the pit stop) is finished: it says nothing about whether the customer came back. */
    REVIEWED,
    /** The owner handed the customer to the sales pipeline; recovery ends without a verdict. */
    HANDED_OVER;

    public boolean isTerminal() {
        return this != OPEN && this != PAUSED;
    }
}
