package dev.winback.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.IdempotentRequest;
import dev.winback.api.rest.IdempotentCreations;
import dev.winback.api.store.IdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs a creating POST at most once per {@code Idempotency-Key} and user: a retry of the same request gets the
 * first answer again (marked {@code Idempotent-Replayed: true}), the same key on a different request is refused
 * with 422, and a retry that overtakes a request still running gets 409. Without the header a POST simply runs.
 *
 * <p>The API's {@link IdempotentCreations} service, for the core's resources and the modules'.
 */
@Component(service = IdempotentCreations.class)
public class IdempotencyKeys implements IdempotentCreations {
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final IdempotencyStore store;
    private final ObjectMapper mapper = WinbackJson.mapper();

    @Activate
    public IdempotencyKeys(@Reference IdempotencyStore store) {
        this.store = store;
    }

    /**
     * @param request what identifies the request besides the key: the path and the body as understood
     * @param creation the POST itself; its answer is remembered when it succeeds
     */
    @Override
    public <R> R run(String key, Actor actor, String path, Object request, Supplier<R> creation) {
        if (key == null) {
            return creation.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidInputException(HEADER, "must be 1 to 255 visible ASCII characters, e.g. a UUID");
        }
        String fingerprint = fingerprint(path, request);
        Optional<IdempotentRequest> earlier = store.claim(actor.name(), key, fingerprint);
        if (earlier.isPresent()) {
            @SuppressWarnings("unchecked") // R is Response, as the interface says
            R replayed = (R) replay(earlier.get(), fingerprint, path);
            return replayed;
        }
        R result;
        try {
            result = creation.get();
        } catch (RuntimeException e) {
            store.release(actor.name(), key);
            throw e;
        }
        if (!(result instanceof Response)) {
            store.release(actor.name(), key);
            throw new IllegalArgumentException("An idempotent creation must answer a javax.ws.rs.core.Response");
        }
        Response answer = (Response) result;
        if (answer.getStatus() / 100 != 2) {
            store.release(actor.name(), key);
            return result;
        }
        store.complete(actor.name(), key, answer.getStatus(),
                answer.getLocation() == null ? null : answer.getLocation().toString(),
                answer.getEntityTag() == null ? null : answer.getEntityTag().toString(), json(answer.getEntity()));
        return result;
    }

    private static Response replay(IdempotentRequest earlier, String fingerprint, String path) {
        if (!earlier.fingerprint.equals(fingerprint)) {
            return Problems.response(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was already used for a different request; use a new key for a new "
                            + "request", path, null);
        }
        if (!earlier.completed) {
            return Response.fromResponse(Problems.response(409, "request-in-progress", "Request in progress",
                    "A request with this Idempotency-Key is still being processed; retry in a moment", path, null))
                    .header("Retry-After", "1").build();
        }
        Response.ResponseBuilder replay = Response.status(earlier.status).header(REPLAYED, "true");
        if (earlier.location != null) {
            replay.header("Location", earlier.location);
        }
        if (earlier.etag != null) {
            replay.header("ETag", earlier.etag);
        }
        return replay.entity(earlier.body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private String fingerprint(String path, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(json(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise " + value, e);
        }
    }
}
