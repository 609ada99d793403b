package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.AccessDeniedException;
import dev.winback.api.Actor;
import dev.winback.api.NotFoundException;
import dev.winback.api.event.DeadLetter;
import dev.winback.api.event.SubscriberStatus;
import dev.winback.api.event.Subscribers;
import dev.winback.api.event.WinbackEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** {@code /subscribers}: admins only, names passed through, the JSON of a status, a dead letter and a replay. */
class SubscriberResourceTest {

    private static SubscriberResource resource(List<String> calls, List<Object[]> args, Object answer) {
        SubscriberResource resource = new SubscriberResource();
        resource.subscribers = Fakes.service(Subscribers.class, calls, (p, m, a) -> {
            args.add(a);
            if (answer instanceof RuntimeException) {
                throw (RuntimeException) answer;
            }
            return answer;
        });
        return resource;
    }

    @Test
    void listPassesTheAdminAndAnswersTheServicesList() {
        List<String> calls = Fakes.calls();
        List<Object[]> args = new ArrayList<>();
        SubscriberStatus s = new SubscriberStatus();
        s.name = "webhooks";
        List<SubscriberStatus> statuses = List.of(s);
        List<SubscriberStatus> listed = resource(calls, args, statuses).list(Fakes.as(Fakes.ADMIN));
        assertSame(statuses, listed);
        assertEquals(List.of("list"), calls);
        assertEquals("admin", ((Actor) args.get(0)[0]).name());
    }

    @Test
    void deadLettersAndReplayPassTheNameAndTheAdmin() {
        List<String> calls = Fakes.calls();
        List<Object[]> args = new ArrayList<>();
        List<DeadLetter> none = List.of();
        assertSame(none, resource(calls, args, none).deadLetters("reputation", Fakes.as(Fakes.ADMIN)));
        assertEquals("reputation", args.get(0)[0]);
        assertEquals("admin", ((Actor) args.get(0)[1]).name());

        Map<String, Integer> replayed = resource(calls, args, 3).replay("bounties", Fakes.as(Fakes.ADMIN));
        assertEquals(Map.of("replayed", 3), replayed);
        assertEquals("bounties", args.get(1)[0]);
        assertEquals(List.of("deadLetters", "replay"), calls);
    }

    @Test
    void managersAndRepsAreRefusedBeforeAnyServiceCall() {
        List<String> calls = Fakes.calls();
        SubscriberResource resource = resource(calls, new ArrayList<>(), new NotFoundException("none"));
        for (Actor actor : List.of(Fakes.MANAGER, Fakes.REP)) {
            assertThrows(AccessDeniedException.class, () -> resource.list(Fakes.as(actor)));
            // 403, not 404: a non-admin learns nothing about which names exist
            assertThrows(AccessDeniedException.class, () -> resource.deadLetters("nobody", Fakes.as(actor)));
            assertThrows(AccessDeniedException.class, () -> resource.replay("nobody", Fakes.as(actor)));
        }
        assertTrue(calls.isEmpty(), calls.toString());
        Response refused = new ProblemMapper().toResponse(assertThrows(AccessDeniedException.class,
                () -> resource.replay("nobody", Fakes.as(Fakes.MANAGER))));
        assertEquals(403, refused.getStatus());
    }

    @Test
    void anUnknownNameIsTheServicesNotFoundA404() {
        SubscriberResource resource = resource(Fakes.calls(), new ArrayList<>(),
                new NotFoundException("No subscriber is named 'nobody'"));
        NotFoundException dead = assertThrows(NotFoundException.class,
                () -> resource.deadLetters("nobody", Fakes.as(Fakes.ADMIN)));
        assertThrows(NotFoundException.class, () -> resource.replay("nobody", Fakes.as(Fakes.ADMIN)));
        Response r = new ProblemMapper().toResponse(dead);
        assertEquals(404, r.getStatus());
        assertEquals(Problem.MEDIA_TYPE, r.getMediaType().toString());
    }

    @Test
    void aDeadLetterEmbedsItsEventsPayloadAsJson() throws IOException {
        WinbackEvent e = new WinbackEvent();
        e.id = 41;
        e.type = "case.closed";
        e.occurredAt = Instant.parse("2026-11-23T10:15:30Z");
        e.entityType = "case";
        e.entityId = "3f2b6c1e-8a6d-4c1f-9a55-0d2e1c7b9f10";
        e.actor = "manager";
        e.payload = "{\"id\":\"3f2b6c1e-8a6d-4c1f-9a55-0d2e1c7b9f10\",\"status\":\"CLOSED_NEVER\"}";
        DeadLetter d = new DeadLetter();
        d.subscriber = "webhooks";
        d.event = e;
        d.attempts = 8;
        d.lastError = "java.io.IOException: connection refused";
        d.failedAt = Instant.parse("2026-11-23T10:20:00Z");
        JsonNode json = new ObjectMapper().readTree(write(List.of(d))).get(0);
        assertEquals("webhooks", json.get("subscriber").asText());
        assertEquals(8, json.get("attempts").asInt());
        assertEquals("2026-11-23T10:20:00Z", json.get("failedAt").asText());
        assertEquals(41, json.get("event").get("id").asLong());
        assertEquals("2026-11-23T10:15:30Z", json.get("event").get("occurredAt").asText());
        assertTrue(json.get("event").get("payload").isObject(), json.toString());
        assertEquals("CLOSED_NEVER", json.get("event").get("payload").get("status").asText());
    }

    @Test
    void aStatusShowsEveryFieldWithInstantsInIso() throws IOException {
        SubscriberStatus s = new SubscriberStatus();
        s.name = "webhooks";
        s.installed = true;
        s.position = 40;
        s.behind = 2;
        s.retrying = 41L;
        s.attempts = 2;
        s.nextAttemptAt = Instant.parse("2026-11-23T10:16:00Z");
        s.lastError = "boom";
        s.deadLetters = 1;
        s.leaseHolder = "node-1";
        s.leaseUntil = Instant.parse("2026-11-23T10:16:30Z");
        JsonNode json = new ObjectMapper().readTree(write(List.of(s))).get(0);
        Set<String> fields = new java.util.TreeSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        // exactly the members openapi.json documents for SubscriberStatus
        JsonNode documented = OpenApiDocuments.core().get("components").get("schemas").get("SubscriberStatus")
                .get("properties");
        Set<String> inDocument = new java.util.TreeSet<>();
        documented.fieldNames().forEachRemaining(inDocument::add);
        assertEquals(inDocument, fields);
        assertEquals(41, json.get("retrying").asLong());
        assertEquals("2026-11-23T10:16:00Z", json.get("nextAttemptAt").asText());
        assertEquals("2026-11-23T10:16:30Z", json.get("leaseUntil").asText());

        SubscriberStatus idle = new SubscriberStatus();
        idle.name = "idle";
        JsonNode quiet = new ObjectMapper().readTree(write(List.of(idle))).get(0);
        assertTrue(quiet.get("retrying").isNull(), quiet.toString());
        assertEquals(0, quiet.get("attempts").asInt());
    }

    @Test
    void theDocumentedDeadLetterAndReplayMembersAreTheOnesWritten() throws IOException {
        JsonNode schemas = OpenApiDocuments.core().get("components").get("schemas");
        Set<String> documented = new java.util.TreeSet<>();
        schemas.get("DeadLetter").get("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> written = new java.util.TreeSet<>();
        new ObjectMapper().readTree(write(new DeadLetter())).fieldNames().forEachRemaining(written::add);
        assertEquals(documented, written);
        Set<String> replay = new java.util.TreeSet<>();
        schemas.get("ReplayResult").get("properties").fieldNames().forEachRemaining(replay::add);
        assertEquals(Set.of("replayed"), replay);
        assertEquals(5, new ObjectMapper().readTree(write(Map.of("replayed", 5))).get("replayed").asInt());
    }

    @Test
    void noEndpointTakesQueryParameters() {
        for (Method m : SubscriberResource.class.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                assertEquals(Set.of(), QueryParameterFilter.queryParameters(m), m.getName());
            }
        }
    }

    private static String write(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonMessageBodies().writeTo(value, value.getClass(), value.getClass(), null,
                MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
