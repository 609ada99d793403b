package dev.winback.api.store;

import dev.winback.api.event.WinbackEvent;
import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The event log. The store writes events itself, in the transaction of each change; this is the reading side.
 */
@ProviderType
public interface EventStore {

    /** Up to {@code limit} events with an id above {@code after}, of the given types (all when empty), by id. */
    List<WinbackEvent> after(long after, Collection<String> types, int limit);
}
