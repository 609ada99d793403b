package dev.winback.api.dto;

/** Filters and paging of a worklist; sorted by due time. */
public class StepQuery {
    /** A user name; null lists everyone's (managers and admins). */
    public String assignee;
    public StepStatus status = StepStatus.PLANNED;
    /** Null: every step of the status. */
    public DueWindow due;
    public int page;
    public int size = 50;
}
