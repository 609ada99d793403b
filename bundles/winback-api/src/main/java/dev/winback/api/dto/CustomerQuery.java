package dev.winback.api.dto;

/** Filters and paging for listing customers. */
public class CustomerQuery {
    /** Case-insensitive text matched against name, external id and segment; null for all. */
    public String q;
    public String source;
    public String ownerRep;
    public int page;
    public int size = 20;
}
