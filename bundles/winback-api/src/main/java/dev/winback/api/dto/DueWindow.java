package dev.winback.api.dto;

/** Which planned steps a worklist shows, by due time. */
public enum DueWindow {
    /** Past their due time. */
    OVERDUE,
    /** Overdue or due before the end of today (UTC). */
    TODAY,
    /** Overdue or due within the next seven days. */
    WEEK
}
