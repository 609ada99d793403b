package dev.winback.api.event;

import java.util.ArrayList;
import java.util.List;

/** Reading the log forwards from a cursor. */
public class EventQuery {
    /** Only events with an id above this (the {@code next} of the previous page); 0 from the start. */
    public long after;
    /** Only these types; empty for all. */
    public List<String> types = new ArrayList<>();
    /** At most this many, 1 to 1000. */
    public int limit = 100;
}
