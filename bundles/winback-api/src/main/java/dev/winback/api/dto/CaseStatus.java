package dev.winback.api.dto;

/** Where a recovery case stands. The {@code CLOSED_*} and {@code WON_BACK} states are terminal. */
public enum CaseStatus {
    OPEN,
    /** Its strategy is not installed right now; steps wait, nothing is lost. */
    PAUSED,
    WON_BACK,
    CLOSED_NEVER,
    CLOSED_CANNOT_PROVIDE,
    CLOSED_NO_RESPONSE;

    public boolean isTerminal() {
        return this != OPEN && this != PAUSED;
    }
}
