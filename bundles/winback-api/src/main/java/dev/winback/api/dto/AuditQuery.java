package dev.winback.api.dto;

import java.time.Instant;

/** Which audit entries to read, newest first; every filter left null matches everything. */
public class AuditQuery {
    public String entityType;
    public String entityId;
    /** Entries at or after this time. */
    public Instant from;
    /** Entries before this time. */
    public Instant to;
    /** Entries with an id below this one: the cursor of the next page. */
    public Long before;
    /** At most this many entries. */
    public int limit = 50;
}
