package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.event.EventLog;
import dev.winback.api.event.EventPage;
import dev.winback.api.event.EventQuery;
import dev.winback.api.event.WinbackEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** {@code GET /events}: parameters, the next-page link and the JSON of an event. */
class EventResourceTest {

    @Test
    void defaultsAreTheStartOfTheLogAndAHundred() {
        EventQuery q = EventResource.query(null, null, null);
        assertEquals(0, q.after);
        assertEquals(100, q.limit);
        assertTrue(q.types.isEmpty());
        EventQuery blank = EventResource.query(" ", List.of(), "");
        assertEquals(0, blank.after);
        assertEquals(100, blank.limit);
    }

    @Test
    void typesRepeatAndSplitOnCommas() {
        assertEquals(List.of("case.opened", "case.closed", "customer.created"), EventResource.types(
                List.of("case.opened", " case.closed , customer.created", "case.opened,,")));
        assertEquals(List.of(), EventResource.types(Arrays.asList((String) null)));
    }

    @Test
    void afterIsALongAndNonNumbersAre400s() {
        assertEquals(5_000_000_000L, EventResource.query("5000000000", null, "7").after);
        assertEquals(7, EventResource.query("1", null, "7").limit);
        InvalidInputException after = assertThrows(InvalidInputException.class,
                () -> EventResource.query("abc", null, null));
        assertTrue(after.getMessage().contains("after") || after.toString().contains("after"), after.toString());
        assertThrows(InvalidInputException.class, () -> EventResource.query(null, null, "ten"));
        // Range checks are the service's (it knows the bounds): a negative after or limit passes through.
        assertEquals(-1, EventResource.query("-1", null, null).after);
        assertEquals(0, EventResource.query(null, null, "0").limit);
    }

    @Test
    void aFullPageLinksToTheNextKeepingTypesAndLimit() {
        List<EventQuery> seen = new ArrayList<>();
        EventResource resource = resource(seen, 2, 41);
        Response r = resource.read("40", List.of("case.opened,case.closed"), "2", Fakes.as(Fakes.ADMIN),
                Fakes.uri("events?after=40&type=case.opened,case.closed&limit=2"));
        assertEquals(200, r.getStatus());
        assertEquals(40, seen.get(0).after);
        assertEquals(List.of("case.opened", "case.closed"), seen.get(0).types);
        assertEquals(2, seen.get(0).limit);
        String link = r.getHeaderString("Link");
        assertTrue(link.startsWith("</api/v1/events?"), link);
        assertTrue(link.endsWith(">; rel=\"next\""), link);
        URI next = URI.create(link.substring(1, link.indexOf('>')));
        assertEquals(Set.of("after=42", "type=case.opened,case.closed", "limit=2"),
                Set.of(next.getQuery().split("&")));
    }

    @Test
    void repeatedTypesStayRepeatedInTheLink() {
        EventResource resource = resource(new ArrayList<>(), 1, 8);
        Response r = resource.read(null, List.of("case.opened", "case.closed"), "1", Fakes.as(Fakes.ADMIN),
                Fakes.uri("events?type=case.opened&type=case.closed&limit=1"));
        String link = r.getHeaderString("Link");
        URI next = URI.create(link.substring(1, link.indexOf('>')));
        assertEquals(List.of("type=case.opened", "type=case.closed", "limit=1", "after=8"),
                List.of(next.getQuery().split("&")));
    }

    @Test
    void aShortOrEmptyPageHasNoLink() {
        Response shortPage = resource(new ArrayList<>(), 1, 1).read(null, null, "5", Fakes.as(Fakes.ADMIN),
                Fakes.uri("events?limit=5"));
        assertNull(shortPage.getHeaderString("Link"));
        Response empty = resource(new ArrayList<>(), 0, 1).read("9", null, null, Fakes.as(Fakes.ADMIN),
                Fakes.uri("events?after=9"));
        assertNull(empty.getHeaderString("Link"));
        assertEquals(9, ((EventPage) empty.getEntity()).next);
    }

    @Test
    void theCallerIsPassedOn() {
        List<Actor> actors = new ArrayList<>();
        EventResource resource = new EventResource();
        resource.log = (query, actor) -> {
            actors.add(actor);
            throw new dev.winback.api.AccessDeniedException("admins only");
        };
        assertThrows(dev.winback.api.AccessDeniedException.class, () -> resource.read(null, null, null,
                Fakes.as(Fakes.MANAGER), Fakes.uri("events")));
        assertEquals("manager", actors.get(0).name());
    }

    @Test
    void thePayloadIsEmbeddedJsonNotAString() throws IOException {
        EventPage page = new EventPage();
        WinbackEvent e = new WinbackEvent();
        e.id = 12;
        e.type = "case.opened";
        e.occurredAt = Instant.parse("2026-11-23T10:15:30Z");
        e.entityType = "case";
        e.entityId = "3f2b6c1e-8a6d-4c1f-9a55-0d2e1c7b9f10";
        e.actor = "manager";
        e.payload = "{\"id\":\"3f2b6c1e-8a6d-4c1f-9a55-0d2e1c7b9f10\",\"steps\":[{\"type\":\"CALL\"}]}";
        page.items = List.of(e);
        page.next = 12;
        JsonNode json = new ObjectMapper().readTree(write(page));
        JsonNode item = json.get("items").get(0);
        assertEquals(12, item.get("id").asLong());
        assertEquals("2026-11-23T10:15:30Z", item.get("occurredAt").asText());
        assertTrue(item.get("payload").isObject(), item.toString());
        assertEquals("CALL", item.get("payload").get("steps").get(0).get("type").asText());
        assertEquals(12, json.get("next").asLong());
        e.payload = null;
        assertTrue(new ObjectMapper().readTree(write(page)).get("items").get(0).get("payload").isNull());
    }

    @Test
    void theFilterAcceptsExactlyAfterTypeAndLimit() {
        Method read = null;
        for (Method m : EventResource.class.getMethods()) {
            if (m.getName().equals("read")) {
                read = m;
            }
        }
        assertEquals(Set.of("after", "type", "limit"), QueryParameterFilter.queryParameters(read));
        assertSame(read, QueryParameterFilter.annotated(read));
        assertFalse(QueryParameterFilter.unknown(List.of("cursor"), QueryParameterFilter.queryParameters(read))
                .isEmpty());
    }

    /** A resource whose log answers {@code count} events with ids from {@code firstId}, recording the queries. */
    private static EventResource resource(List<EventQuery> seen, int count, long firstId) {
        EventResource resource = new EventResource();
        EventLog log = (query, actor) -> {
            seen.add(query);
            EventPage page = new EventPage();
            page.items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                WinbackEvent e = new WinbackEvent();
                e.id = firstId + i;
                e.type = "case.opened";
                e.payload = "{}";
                page.items.add(e);
            }
            page.next = count == 0 ? query.after : firstId + count - 1;
            return page;
        };
        resource.log = log;
        return resource;
    }

    private static String write(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonMessageBodies().writeTo(value, value.getClass(), value.getClass(), null,
                MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
