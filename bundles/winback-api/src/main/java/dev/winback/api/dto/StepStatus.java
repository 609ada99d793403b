package dev.winback.api.dto;

/** Where a {@link RecoveryStep} stands. */
public enum StepStatus {
    PLANNED, DONE, SKIPPED, CANCELLED
}
