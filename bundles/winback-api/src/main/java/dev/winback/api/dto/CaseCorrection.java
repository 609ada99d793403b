package dev.winback.api.dto;

/**
 * A correction of a case's facts (a JSON Merge Patch): null leaves a field as it is, except {@link #clearNotes}.
 */
public class CaseCorrection {
    /** A new owner (managers and admins); the owner's planned steps move with the case. */
    public String ownerRep;
    public String lossReason;
    public String notes;
    /** Set when the patch gives {@code "notes": null}: remove the notes. */
    public boolean clearNotes;
}
