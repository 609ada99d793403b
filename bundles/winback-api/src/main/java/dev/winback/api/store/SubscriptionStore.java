package dev.winback.api.store;

import dev.winback.api.event.DeadLetter;
import dev.winback.api.event.SubscriberStatus;
import dev.winback.api.event.WinbackEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Each subscriber's place in the event log. Ids are handed out when an event is written, not when its transaction
 * commits, so a reader can see id 12 before id 11 commits; the store remembers the ids a subscriber passed without
 * seeing (gaps) and hands them out when they appear, until they are old enough to have been rolled back.
 */
@ProviderType
public interface SubscriptionStore {

    /** Creates the subscriber's position at the start of the log if it has none. */
    void register(String name);

    /**
     * Takes or renews the subscriber's lease for {@code node} until {@code until}, unless another node holds one
     * that has not run out at {@code now}; returns whether this node holds it now.
     */
    boolean lease(String name, String node, Instant now, Instant until);

    /** Gives the lease up (a node stopping), if {@code node} holds it. */
    void release(String name, String node);

    /**
     * Up to {@code limit} events for the subscriber, by id: dead letters an admin replayed, ids it passed without
     * seeing that have appeared since, and events after its position; of {@code types} (all when empty).
     */
    List<WinbackEvent> pending(String name, Collection<String> types, int limit);

    /**
     * The subscriber is done with the event (delivered, skipped or set aside): moves its position up to it and
     * clears a retry of it and a replay of it. Every id it passed on the way that it was not handed is remembered
     * as a gap to hand out later, unless it is in the log with a type the subscriber does not want
     * ({@code types}, all when empty): an id not handed was not committed when {@link #pending} read the log.
     */
    void done(String name, long eventId, Collection<String> types, Instant now);

    /**
     * Moves a subscriber that has been handed everything it wants past the rest of the log, up to {@code upTo},
     * remembering gaps as {@link #done} does; at most {@code MAX_GAP}-wide steps, so call it again when behind.
     */
    void advance(String name, long upTo, Collection<String> types, Instant now);

    /** The highest event id in the log, 0 when it is empty. */
    long head();

    /** Records a failed attempt: the event, the attempts so far, when to try next and why it failed. */
    void retry(String name, long eventId, int attempts, Instant nextAttemptAt, String error);

    /** The retry in progress, if any: event id, attempts, next attempt. */
    Optional<SubscriberStatus> status(String name);

    /** Sets the event aside as a dead letter and marks it done (see {@link #done}). */
    void deadLetter(String name, long eventId, int attempts, String error, Collection<String> types, Instant now);

    /** Forgets gaps noticed before {@code before}: a transaction that old rolled back. */
    int expireGaps(Instant before);

    List<SubscriberStatus> statuses();

    List<DeadLetter> deadLetters(String name);

    /** Marks the dead letters for delivery again; returns how many. */
    int replay(String name);
}
