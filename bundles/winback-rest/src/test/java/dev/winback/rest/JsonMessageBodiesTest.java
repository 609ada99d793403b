package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.dto.Customer;
import dev.winback.api.dto.LossReason;
import dev.winback.api.dto.RecoveryCase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

/** What a client sees when its JSON is wrong: the field and what to send instead, never parser internals. */
class JsonMessageBodiesTest {
    private final JsonMessageBodies bodies = new JsonMessageBodies();

    @SuppressWarnings("unchecked")
    private <T> T read(Class<T> type, String json) throws IOException {
        return (T) bodies.readFrom((Class<Object>) (Class<?>) type, type, null, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private BadJsonException bad(Class<?> type, String json) {
        return assertThrows(BadJsonException.class, () -> read(type, json));
    }

    @Test
    void readsAValidCustomerAndIgnoresServerAssignedFields() throws IOException {
        Customer c = read(Customer.class, "{\"externalId\":\"C-1\",\"source\":\"crm\",\"name\":\"Acme\","
                + "\"lifetimeValue\":1234.50,\"currency\":\"EUR\",\"id\":\"" + UUID.randomUUID() + "\",\"version\":7}");
        assertEquals("C-1", c.externalId);
        assertEquals(new BigDecimal("1234.50"), c.lifetimeValue);
        assertEquals(null, c.id);
        assertEquals(0, c.version);
    }

    @Test
    void unknownFieldIsNamedWithTheKnownOnes() {
        BadJsonException e = bad(Customer.class, "{\"externalId\":\"C-1\",\"nmae\":\"Acme\"}");
        assertEquals("nmae", e.field());
        assertTrue(e.getMessage().contains("unknown field 'nmae'"), e.getMessage());
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void wrongTypesAreRejectedNotCoerced() {
        assertEquals("name", bad(Customer.class, "{\"name\":42}").field());
        assertEquals("lifetimeValue", bad(Customer.class, "{\"lifetimeValue\":\"lots\"}").field());
        assertEquals("controllable", bad(LossReason.class, "{\"controllable\":\"yes\"}").field());
        assertEquals("name", bad(Customer.class, "{\"name\":{\"first\":\"A\"}}").field());
    }

    @Test
    void enumsUuidsAndDatesSayWhatIsExpected() {
        BadJsonException kind = bad(RecoveryCase.class, "{\"lossKind\":\"GONE\"}");
        assertEquals("lossKind", kind.field());
        assertTrue(kind.getMessage().contains("LAPSED, LOST_DEAL, HOSTILE, COMPLAINT"), kind.getMessage());
        BadJsonException id = bad(RecoveryCase.class, "{\"customerId\":\"nope\"}");
        assertEquals("customerId", id.field());
        assertTrue(id.getMessage().contains("UUID"), id.getMessage());
        BadJsonException date = bad(RecoveryCase.class, "{\"lostAt\":\"yesterday\"}");
        assertEquals("lostAt", date.field());
        assertTrue(date.getMessage().contains("ISO-8601"), date.getMessage());
    }

    @Test
    void malformedJsonGivesThePosition() {
        BadJsonException e = bad(Customer.class, "{\"name\": \"Acme\",\n }");
        assertEquals(null, e.field());
        assertTrue(e.getMessage().startsWith("Malformed JSON at line 2"), e.getMessage());
    }

    @Test
    void emptyBodiesArraysAndDuplicateKeysAreRejected() {
        assertTrue(bad(Customer.class, "").getMessage().contains("required"));
        assertTrue(bad(Customer.class, "[1]").getMessage().contains("object"));
        assertTrue(bad(Customer.class, "null").getMessage().contains("object"));
        assertTrue(bad(Customer.class, "{\"name\":\"a\",\"name\":\"b\"}").getMessage().contains("name"));
        assertTrue(bad(Customer.class, "{\"name\":\"a\"} {}").getMessage().startsWith("Malformed JSON"));
    }

    @Test
    void bodiesOverOneMebibyteAreRefusedWhileReading() {
        String big = "{\"name\":\"" + "x".repeat((int) JsonMessageBodies.MAX_BODY_BYTES) + "\"}";
        assertThrows(BodyTooLargeException.class, () -> read(Customer.class, big));
    }

    @Test
    void writesDatesAsIso8601() throws IOException {
        Customer c = new Customer();
        c.createdAt = Instant.parse("2026-11-23T09:30:00Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bodies.writeTo(c, Customer.class, Customer.class, null, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"createdAt\":\"2026-11-23T09:30:00Z\""), json);
    }
}
