package dev.winback.api.store;

import dev.winback.api.dto.IdempotentRequest;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Remembers creating requests by their {@code Idempotency-Key} so that a client (or a host CRM's webhook) can
 * retry a POST whose answer it never saw without creating the entity twice. Shared through the database, so a
 * retry that lands on another Karaf node is recognised too.
 *
 * <p>Implementations keep completed requests for at least 24 hours, and treat a claim that was neither completed
 * nor released within a few minutes as abandoned (its node died) so that the key can be claimed again.
 */
@ProviderType
public interface IdempotencyStore {

    /**
     * Claims {@code key} for {@code actor}.
     *
     * @return empty when the caller now holds the claim and must {@link #complete} or {@link #release} it;
     *     otherwise the request recorded earlier under the key, completed or still in progress
     */
    Optional<IdempotentRequest> claim(String actor, String key, String fingerprint);

    /** Records the answer of a claimed request; later claims of the key get it back. */
    void complete(String actor, String key, int status, String location, String etag, String body);

    /** Gives up a claim whose request failed, so that the client may retry with the same key. */
    void release(String actor, String key);
}
