package dev.winback.api.dto;

import java.time.Instant;

/** One change in the audit trail: who changed what, when, and the entity before and after (JSON). */
public class AuditEntry {
    public long id;
    public Instant at;
    public String actor;
    /** e.g. {@code customer}, {@code case}, {@code loss-reason}. */
    public String entityType;
    public String entityId;
    /** {@code create}, {@code update} or {@code delete}. */
    public String action;
    /** JSON of the entity before the change; null on create. */
    public String before;
    /** JSON of the entity after the change; null on delete. */
    public String after;
}
