package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.CaseClosure;
import dev.winback.api.dto.CaseCorrection;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.dto.ContactBlock;
import dev.winback.api.dto.Customer;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.Team;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

/** The JSON of the casework additions: merge patches, input-only and output-only fields, the new bodies. */
class CaseworkJsonTest {
    private final JsonMessageBodies bodies = new JsonMessageBodies();

    @SuppressWarnings("unchecked")
    private <T> T read(Class<T> type, String json) throws IOException {
        return (T) bodies.readFrom((Class<Object>) (Class<?>) type, type, null,
                MediaType.valueOf("application/merge-patch+json"), new MultivaluedHashMap<>(),
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private String write(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bodies.writeTo(value, value.getClass(), value.getClass(), null, MediaType.APPLICATION_JSON_TYPE,
                new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private CaseCorrection patch(String json) throws IOException {
        return CasePatch.parse(read(JsonNode.class, json));
    }

    @Test
    void mergePatchSetsOnlyTheFieldsGiven() throws IOException {
        CaseCorrection c = patch("{\"ownerRep\":\"rep2\"}");
        assertEquals("rep2", c.ownerRep);
        assertNull(c.lossReason);
        assertNull(c.notes);
        assertFalse(c.clearNotes);
        CaseCorrection all = patch("{\"ownerRep\":\"rep2\",\"lossReason\":\"price\",\"notes\":\"Called twice\"}");
        assertEquals("price", all.lossReason);
        assertEquals("Called twice", all.notes);
        CaseCorrection none = patch("{}");
        assertNull(none.ownerRep);
        assertFalse(none.clearNotes);
    }

    @Test
    void nullNotesRemoveThemOtherNullsAreRefused() throws IOException {
        CaseCorrection c = patch("{\"notes\":null}");
        assertTrue(c.clearNotes);
        assertNull(c.notes);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> patch("{\"ownerRep\":null,\"lossReason\":null}"));
        assertEquals(2, e.problems().size());
        assertEquals("ownerRep", e.problems().get(0).field());
        assertTrue(e.problems().get(0).message().contains("cannot be removed"));
    }

    @Test
    void mergePatchRefusesUnknownFieldsWrongTypesAndNonObjects() {
        BadJsonException unknown = assertThrows(BadJsonException.class, () -> patch("{\"status\":\"OPEN\"}"));
        assertEquals("status", unknown.field());
        assertTrue(unknown.getMessage().contains("lossReason, notes, ownerRep"), unknown.getMessage());
        BadJsonException type = assertThrows(BadJsonException.class, () -> patch("{\"notes\":42}"));
        assertEquals("notes", type.field());
        assertThrows(BadJsonException.class, () -> patch("[]"));
        assertThrows(BadJsonException.class, () -> patch("{\"notes\":\"a\",\"notes\":\"b\"}"));
        assertThrows(BadJsonException.class, () -> CasePatch.parse(null));
    }

    @Test
    void contactBlockIsShownButCannotBeSetThroughACustomer() throws IOException {
        Customer c = new Customer();
        c.name = "Acme";
        c.contactBlocked = new ContactBlock();
        c.contactBlocked.reason = "asked to be left alone";
        c.contactBlocked.since = Instant.parse("2026-11-23T09:30:00Z");
        String json = write(c);
        assertTrue(json.contains("\"contactBlocked\":{"), json);
        assertTrue(json.contains("asked to be left alone"), json);
        Customer back = read(Customer.class, json);
        assertNull(back.contactBlocked, "a PUT of what was GOT cannot change the block");
        assertEquals("Acme", back.name);
    }

    @Test
    void parallelAndForceAreInputOnly() throws IOException {
        RecoveryCase in = read(RecoveryCase.class, "{\"customerId\":\"" + UUID.randomUUID()
                + "\",\"lossKind\":\"LAPSED\",\"lossReason\":\"price\",\"parallel\":true,\"force\":false}");
        assertEquals(Boolean.TRUE, in.parallel);
        assertEquals(Boolean.FALSE, in.force);
        String json = write(in);
        assertFalse(json.contains("parallel"), json);
        assertFalse(json.contains("force"), json);
    }

    @Test
    void derivedCaseFieldsAreOutputOnly() throws IOException {
        RecoveryCase c = new RecoveryCase();
        c.customerName = "Acme";
        c.closedBy = "manager";
        c.closeNotes = "Back with a new order";
        c.revenueCurrency = "EUR";
        String json = write(c);
        assertTrue(json.contains("\"customerName\":\"Acme\"") && json.contains("\"closedBy\":\"manager\"")
                && json.contains("\"revenueCurrency\":\"EUR\""), json);
        RecoveryCase back = read(RecoveryCase.class, "{\"customerName\":\"X\",\"closedBy\":\"me\",\"closeNotes\":"
                + "\"n\",\"revenueCurrency\":\"USD\",\"evidence\":{\"kind\":\"PURCHASE\"},\"nextStep\":{}}");
        assertNull(back.customerName);
        assertNull(back.closedBy);
        assertNull(back.closeNotes);
        assertNull(back.revenueCurrency);
        assertNull(back.evidence);
        assertNull(back.nextStep);
    }

    @Test
    void closureTakesCurrencyAndManagerConfirmation() throws IOException {
        CaseClosure c = read(CaseClosure.class, "{\"status\":\"WON_BACK\",\"revenue\":1200.50,\"currency\":\"EUR\","
                + "\"notes\":\"Signed again\",\"managerConfirmed\":true}");
        assertEquals(CaseStatus.WON_BACK, c.status);
        assertEquals(new BigDecimal("1200.50"), c.revenue);
        assertEquals("EUR", c.currency);
        assertTrue(c.managerConfirmed);
        assertEquals("managerConfirmed",
                assertThrows(BadJsonException.class, () -> read(CaseClosure.class, "{\"managerConfirmed\":\"yes\"}"))
                        .field());
        assertThrows(BadJsonException.class, () -> read(CaseClosure.class, "{\"evidence\":{}}"));
    }

    @Test
    void stepCompletionBuildsAClosureOnlyWhenOneIsGiven() throws IOException {
        StepCompletion plain = read(StepCompletion.class, "{\"outcome\":\"CAN_DO\",\"notes\":\"n\"}");
        assertNull(plain.closure());
        StepCompletion won = read(StepCompletion.class, "{\"outcome\":\"WON_BACK\",\"revenue\":10,"
                + "\"currency\":\"USD\",\"managerConfirmed\":true}");
        CaseClosure closure = won.closure();
        assertEquals(new BigDecimal("10"), closure.revenue);
        assertEquals("USD", closure.currency);
        assertTrue(closure.managerConfirmed);
        assertFalse(read(StepCompletion.class, "{\"outcome\":\"WON_BACK\",\"revenue\":10}").closure()
                .managerConfirmed);
    }

    @Test
    void purchasesAndTeamsIgnoreServerAssignedFieldsOnInput() throws IOException {
        Purchase p = read(Purchase.class, "{\"id\":\"" + UUID.randomUUID() + "\",\"customerId\":\""
                + UUID.randomUUID() + "\",\"date\":\"2026-11-20\",\"amount\":99.90,\"currency\":\"EUR\","
                + "\"transactionId\":\"T-1\"}");
        assertNull(p.id);
        assertNull(p.customerId);
        assertEquals(LocalDate.parse("2026-11-20"), p.date);
        assertTrue(write(p).contains("\"date\":\"2026-11-20\""));
        Team t = read(Team.class, "{\"name\":\"north\",\"manager\":\"manager\",\"members\":[\"rep1\"],"
                + "\"version\":4,\"updatedAt\":\"2026-11-20T10:00:00Z\"}");
        assertEquals(0, t.version);
        assertNull(t.updatedAt);
        assertEquals("date", assertThrows(BadJsonException.class,
                () -> read(Purchase.class, "{\"date\":\"yesterday\"}")).field());
        assertEquals("reason", assertThrows(BadJsonException.class,
                () -> read(ContactBlockRequest.class, "{\"reason\":1}")).field());
    }

    @Test
    void casesOpenedWithFlagsFingerprintDifferently() {
        RecoveryCase plain = new RecoveryCase();
        assertTrue(CaseResource.fingerprinted(plain) == plain);
        RecoveryCase parallel = new RecoveryCase();
        parallel.parallel = true;
        assertTrue(CaseResource.fingerprinted(parallel) instanceof java.util.Map);
    }
}
