package dev.winback.api.rest;

import dev.winback.api.Actor;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs a creating POST at most once per {@value #HEADER} and user, for a module's resources as for the core's: a
 * retry of the same request gets the first answer again (with {@code Idempotent-Replayed: true}), the same key on a
 * different request is a 422, a retry that overtakes the first request a 409. Keys live in the database, so a retry
 * that reaches another node is recognised too. Registered by {@code winback-rest}.
 */
@ProviderType
public interface IdempotentCreations {
    /** The request header that carries the key. */
    String HEADER = "Idempotency-Key";

    /**
     * Runs {@code creation} unless this key ran it before. Without a key ({@code null}) it simply runs.
     *
     * @param <R> {@code javax.ws.rs.core.Response}: the answer is remembered (status, Location, ETag and entity as
     *     JSON) when it is a 2xx; the API bundle names no JAX-RS type, so the type is left open here
     * @param path the request's path, which identifies it together with {@code request}
     * @param request the body as the resource understood it
     * @throws dev.winback.api.InvalidInputException the key is not 1 to 255 visible ASCII characters
     */
    <R> R run(String key, Actor actor, String path, Object request, Supplier<R> creation);
}
