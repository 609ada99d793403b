package dev.winback.api.dto;

/**
 * Why a customer was lost, from an admin-editable list. Every recovery case names one; the documented "whys"
 * gathered during recovery refine it.
 */
public class LossReason {
    /** Stable key, lower-case letters, digits and dashes, e.g. {@code wrong-billing}. */
    public String code;
    /** What a rep reads, e.g. "Wrong billing". */
    public String label;
    public LossCategory category;
    /** True when the cause was in our hands (service failure), false when it was not (a competitor's price). */
    public boolean controllable;
    /** Read-only: goes up by one with every change; the ETag of GET and the If-Match of PUT. */
    public Long version;
}
