package dev.winback.api.dto;

/** A record the case must hold before a step may be completed. */
public enum StepRequirement {
    /** At least one documented why on the case (code99's document-whys). */
    WHY,
    /** A recorded second-chance agreement (code99's AGREED). */
    AGREEMENT,
    /** Outcome notes, because the next steps rely on them (fivestep's CAN_DO and NEVER). */
    NOTES
}
