package dev.winback.webhooks.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnprocessableException;
import dev.winback.api.dto.Page;
import dev.winback.api.event.EventTypes;
import dev.winback.webhooks.Admins;
import dev.winback.webhooks.WebhookSettings;
import dev.winback.webhooks.signing.WebhookSecret;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registering and changing outbound endpoints, and their delivery log (admins only). Every URL passes the
 * allow-list before it is stored: a refused target is a 422 that says which address it is and how to list it.
 */
@Component(service = WebhookEndpoints.class, configurationPid = WebhookSettings.PID)
public class WebhookEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoints.class);
    static final String WHAT = "Webhook endpoints";
    static final int MAX_URL = 2000;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_PAGE_SIZE = 200;
    /** What a patch may change; the server's own fields are accepted and ignored, as in a PUT of the core API. */
    private static final Set<String> PATCHABLE = Set.of("url", "eventTypes", "secret", "active", "description");
    private static final Set<String> SERVER_FIELDS = Set.of("id", "disabledReason", "disabledAt", "createdBy",
            "createdAt", "updatedAt", "version");

    private final JdbcWebhookStore store;
    private final TargetPolicy policy;
    private final Duration retryWindow;

    @Activate
    public WebhookEndpoints(@Reference JdbcWebhookStore store, WebhookSettings settings) {
        this(store, new TargetPolicy(settings.allowedHosts(), settings.allowPublicHosts(), InetAddress::getAllByName),
                Duration.ofSeconds(settings.retryWindowSeconds()));
        policy.ignored().forEach(entry -> LOG.error("allowedHosts in etc/{}.cfg: ignoring {}", WebhookSettings.PID,
                entry));
    }

    WebhookEndpoints(JdbcWebhookStore store, TargetPolicy policy, Duration retryWindow) {
        this.store = store;
        this.policy = policy;
        this.retryWindow = retryWindow;
    }

    /** Registers an endpoint; the answer carries the secret (generated unless given), the only time it is shown. */
    public WebhookEndpoint create(WebhookEndpoint in, Actor actor) {
        Admins.require(actor, WHAT);
        if (in == null) {
            throw new InvalidInputException("body", "a webhook endpoint object is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        WebhookEndpoint e = new WebhookEndpoint();
        e.url = url(in.url, problems);
        e.eventTypes = eventTypes(in.eventTypes, problems);
        e.secret = in.secret == null ? WebhookSecret.generate().text() : secret(in.secret, problems);
        e.active = in.active == null || in.active;
        e.description = description(in.description, problems);
        throwIfAny(problems);
        checkTarget(e.url);
        return store.insert(e, actor.name());
    }

    public List<WebhookEndpoint> list(Actor actor) {
        Admins.require(actor, WHAT);
        return store.endpoints();
    }

    public WebhookEndpoint get(UUID id, Actor actor) {
        Admins.require(actor, WHAT);
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Applies a JSON merge patch (RFC 7396) of url, eventTypes, secret, active and description. {@code active: true}
     * switches an endpoint back on after Winback switched it off, and the deliveries waiting for it go out again.
     *
     * @param expectedVersion from If-Match, or null for whatever is current
     */
    public WebhookEndpoint patch(UUID id, JsonNode patch, Long expectedVersion, Actor actor) {
        Admins.require(actor, WHAT);
        if (!(patch instanceof ObjectNode)) {
            throw new InvalidInputException("body", "a JSON object with the members to change is required");
        }
        store.find(id).orElseThrow(() -> notFound(id));
        List<FieldProblem> problems = new ArrayList<>();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PATCHABLE.contains(name) && !SERVER_FIELDS.contains(name)) {
                problems.add(new FieldProblem(name, "unknown member; a patch may change url, eventTypes, secret, "
                        + "active and description"));
            }
        }
        Map<String, Object> changes = new HashMap<>();
        if (patch.has("url")) {
            String url = text(patch.get("url"), "url", problems);
            if (url != null) {
                changes.put("url", url(url, problems));
            }
        }
        if (patch.has("eventTypes")) {
            changes.put("eventTypes", eventTypes(list(patch.get("eventTypes"), problems), problems));
        }
        if (patch.has("secret")) {
            String secret = text(patch.get("secret"), "secret", problems);
            if (secret != null) {
                changes.put("secret", secret(secret, problems));
            }
        }
        if (patch.has("active")) {
            JsonNode active = patch.get("active");
            if (!active.isBoolean()) {
                problems.add(new FieldProblem("active", "must be true or false"));
            } else {
                changes.put("active", active.booleanValue());
            }
        }
        if (patch.has("description")) {
            JsonNode d = patch.get("description");
            changes.put("description", d.isNull() ? null : description(text(d, "description", problems), problems));
        }
        throwIfAny(problems);
        if (changes.containsKey("url")) {
            checkTarget((String) changes.get("url"));
        }
        @SuppressWarnings("unchecked")
        List<String> types = (List<String>) changes.get("eventTypes");
        return store.change(id, expectedVersion, e -> {
            if (changes.containsKey("url")) {
                e.url = (String) changes.get("url");
            }
            if (types != null) {
                e.eventTypes = types;
            }
            if (changes.containsKey("secret")) {
                e.secret = (String) changes.get("secret");
            }
            if (changes.containsKey("active")) {
                e.active = (Boolean) changes.get("active");
            }
            if (changes.containsKey("description")) {
                e.description = (String) changes.get("description");
            }
        }, retryWindow, actor.name());
    }

    public void delete(UUID id, Actor actor) {
        Admins.require(actor, WHAT);
        if (!store.delete(id, actor.name())) {
            throw notFound(id);
        }
    }

    public Page<WebhookDelivery> deliveries(UUID id, WebhookDelivery.Status status, int page, int size,
            Actor actor) {
        Admins.require(actor, WHAT);
        List<FieldProblem> problems = new ArrayList<>();
        if (page < 0) {
            problems.add(new FieldProblem("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            problems.add(new FieldProblem("size", "must be 1 to " + MAX_PAGE_SIZE));
        }
        throwIfAny(problems);
        return store.deliveries(id, status, page, size);
    }

    public WebhookDelivery delivery(UUID id, UUID deliveryId, Actor actor) {
        Admins.require(actor, WHAT);
        store.find(id).orElseThrow(() -> notFound(id));
        return store.delivery(id, deliveryId).orElseThrow(() -> new NotFoundException("Webhook endpoint " + id
                + " has no delivery with id '" + deliveryId + "'"));
    }

    /** Sends a delivery again (whatever became of it), now, with a fresh retry window. */
    public WebhookDelivery redeliver(UUID id, UUID deliveryId, Actor actor) {
        Admins.require(actor, WHAT);
        return store.redeliver(id, deliveryId, retryWindow);
    }

    private void checkTarget(String url) {
        String refusal = policy.refusal(URI.create(url));
        if (refusal != null) {
            throw new UnprocessableException("url", url + " " + refusal);
        }
    }

    /** The URL if it is one Winback can send to (absolute http or https, a host, no credentials), else null. */
    static String url(String url, List<FieldProblem> problems) {
        if (url == null || url.isBlank()) {
            problems.add(new FieldProblem("url", "is required: the receiver's http or https URL"));
            return null;
        }
        String u = url.strip();
        if (u.length() > MAX_URL) {
            problems.add(new FieldProblem("url", "must be at most " + MAX_URL + " characters"));
            return null;
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            problems.add(new FieldProblem("url", "is not a valid URL (" + e.getReason() + ")"));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add(new FieldProblem("url", "must be an absolute http or https URL (got '" + u + "')"));
        } else if (uri.getHost() == null) {
            problems.add(new FieldProblem("url", "must name a host, such as https://crm.example.com/hooks"));
        } else if (uri.getRawUserInfo() != null) {
            problems.add(new FieldProblem("url", "must not carry credentials (user:password@); the signature "
                    + "proves to the receiver that Winback sent the webhook"));
        } else if (uri.getRawFragment() != null) {
            problems.add(new FieldProblem("url", "must not have a #fragment"));
        } else {
            return u;
        }
        return null;
    }

    /** Known event types, without repeats; null or empty for every type. */
    static List<String> eventTypes(List<String> types, List<FieldProblem> problems) {
        if (types == null) {
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String type : types) {
            if (type == null || !EventTypes.ALL.contains(type)) {
                problems.add(new FieldProblem("eventTypes", "'" + type + "' is not an event type; the types are "
                        + String.join(", ", EventTypes.ALL) + " (an empty list sends every type)"));
            } else {
                seen.add(type);
            }
        }
        return List.copyOf(seen);
    }

    private static String secret(String secret, List<FieldProblem> problems) {
        if (secret == null) {
            return null;
        }
        String problem = WebhookSecret.problem(secret);
        if (problem != null) {
            problems.add(new FieldProblem("secret", problem));
        }
        return secret;
    }

    private static String description(String description, List<FieldProblem> problems) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.strip().length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        return description.strip();
    }

    private static String text(JsonNode node, String field, List<FieldProblem> problems) {
        if (!node.isTextual()) {
            problems.add(new FieldProblem(field, "must be text" + (node.isNull() ? " (it cannot be removed)" : "")));
            return null;
        }
        return node.textValue();
    }

    private static List<String> list(JsonNode node, List<FieldProblem> problems) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new FieldProblem("eventTypes", "must be a list of event types"));
            return List.of();
        }
        List<String> types = new ArrayList<>();
        node.forEach(t -> types.add(t.isTextual() ? t.textValue() : t.toString()));
        return types;
    }

    private static void throwIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No webhook endpoint has id '" + id + "'");
    }
}
