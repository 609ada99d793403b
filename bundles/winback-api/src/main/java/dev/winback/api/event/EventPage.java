package dev.winback.api.event;

import java.util.List;

/** A page of the log and the cursor to read on from. */
public class EventPage {
    public List<WinbackEvent> items;
    /** The id of the last event in the page, or the query's {@code after} when the page is empty. */
    public long next;
}
