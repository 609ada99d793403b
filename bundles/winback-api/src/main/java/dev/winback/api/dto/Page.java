package dev.winback.api.dto;

import java.util.List;

/** One page of a list: the items, where the page starts and how many items match in all. */
public class Page<T> {
    public List<T> items;
    /** Zero-based page number. */
    public int page;
    public int size;
    public long total;

    public Page() {
    }

    public Page(List<T> items, int page, int size, long total) {
        this.items = items;
        this.page = page;
        this.size = size;
        this.total = total;
    }
}
