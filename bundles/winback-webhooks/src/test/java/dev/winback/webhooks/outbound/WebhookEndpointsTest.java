package dev.winback.webhooks.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.UnprocessableException;
import dev.winback.store.jdbc.testing.ScratchDatabase;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration rules: who, which URLs, which types, which secrets; on the real store (H2). */
class WebhookEndpointsTest {
    private static final Actor ADMIN = new Actor("admin", Set.of(Actor.ROLE_ADMIN));
    private static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScratchDatabase database;
    private WebhookEndpoints endpoints;

    @BeforeEach
    void start() {
        database = ScratchDatabase.h2("webhooks");
        endpoints = new WebhookEndpoints(new JdbcWebhookStore(database.db(Clock.systemUTC()), database.audit()),
                new TargetPolicy(new String[] {"127.0.0.1:9000"}, true, InetAddress::getAllByName),
                Duration.ofDays(1));
    }

    @AfterEach
    void stop() {
        database.close();
    }

    private static WebhookEndpoint endpoint(String url, String... types) {
        WebhookEndpoint e = new WebhookEndpoint();
        e.url = url;
        e.eventTypes = types.length == 0 ? null : List.of(types);
        return e;
    }

    @Test
    void anAdminRegistersAListedTargetAndGetsAGeneratedSecretOnce() {
        WebhookEndpoint e = endpoints.create(endpoint(" http://127.0.0.1:9000/hook ", "case.opened", "case.opened"),
                ADMIN);
        assertEquals("http://127.0.0.1:9000/hook", e.url);
        assertEquals(List.of("case.opened"), e.eventTypes);
        assertTrue(e.secret.startsWith("whsec_"));
        assertTrue(e.active);
        assertNull(endpoints.get(e.id, ADMIN).secret);
        assertEquals(List.of(), endpoints.create(endpoint("http://127.0.0.1:9000/all"), ADMIN).eventTypes);
    }

    @Test
    void othersAreRefused() {
        assertThrows(AccessDeniedException.class, () -> endpoints.create(endpoint("http://127.0.0.1:9000/"),
                MANAGER));
        assertThrows(AccessDeniedException.class, () -> endpoints.list(MANAGER));
        assertThrows(AccessDeniedException.class, () -> endpoints.get(UUID.randomUUID(), MANAGER));
        assertThrows(AccessDeniedException.class, () -> endpoints.redeliver(UUID.randomUUID(), UUID.randomUUID(),
                MANAGER));
        assertThrows(AccessDeniedException.class, () -> endpoints.delete(UUID.randomUUID(), null));
    }

    @Test
    void badInputIs400AndANonPublicUnlistedTarget422() {
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> endpoints.create(endpoint(null, "nope"), ADMIN));
        assertEquals(2, missing.problems().size(), missing.getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> endpoints.create(endpoint("mailto:x@example.com"),
                ADMIN)).getMessage().contains("http or https"));
        assertTrue(assertThrows(InvalidInputException.class, () -> endpoints.create(
                endpoint("https://user:pw@example.com/"), ADMIN)).getMessage().contains("credentials"));
        UnprocessableException local = assertThrows(UnprocessableException.class,
                () -> endpoints.create(endpoint("http://127.0.0.1:9001/hook"), ADMIN));
        assertTrue(local.getMessage().contains("loopback") && local.getMessage().contains("allowedHosts"));
        WebhookEndpoint badSecret = endpoint("http://127.0.0.1:9000/");
        badSecret.secret = "whsec_short";
        assertTrue(assertThrows(InvalidInputException.class, () -> endpoints.create(badSecret, ADMIN)).getMessage()
                .contains("secret"));
    }

    @Test
    void aMergePatchChangesWhatItNamesAndRefusesWhatItDoesNotKnow() {
        WebhookEndpoint e = endpoints.create(endpoint("http://127.0.0.1:9000/a"), ADMIN);
        ObjectNode patch = JSON.createObjectNode().put("description", "CRM").put("active", false).put("version", 7);
        patch.putArray("eventTypes").add("case.closed");
        WebhookEndpoint changed = endpoints.patch(e.id, patch, e.version, ADMIN);
        assertEquals("CRM", changed.description);
        assertFalse(changed.active);
        assertEquals(List.of("case.closed"), changed.eventTypes);
        assertEquals(2, changed.version);
        ObjectNode clear = JSON.createObjectNode().putNull("description").putNull("eventTypes");
        WebhookEndpoint cleared = endpoints.patch(e.id, clear, null, ADMIN);
        assertNull(cleared.description);
        assertEquals(List.of(), cleared.eventTypes);
        InvalidInputException bad = assertThrows(InvalidInputException.class, () -> endpoints.patch(e.id,
                JSON.createObjectNode().put("colour", "red").putNull("url").put("active", "yes"), null, ADMIN));
        assertEquals(3, bad.problems().size(), bad.getMessage());
        assertThrows(UnprocessableException.class, () -> endpoints.patch(e.id, JSON.createObjectNode()
                .put("url", "http://192.168.1.1/"), null, ADMIN));
        assertThrows(NotFoundException.class, () -> endpoints.patch(UUID.randomUUID(), JSON.createObjectNode(), null,
                ADMIN));
        endpoints.delete(e.id, ADMIN);
        assertThrows(NotFoundException.class, () -> endpoints.delete(e.id, ADMIN));
        assertThrows(InvalidInputException.class, () -> endpoints.deliveries(e.id, null, -1, 500, ADMIN));
    }
}
