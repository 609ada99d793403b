package dev.winback.rest;

import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import dev.winback.api.dto.CaseStatus;
import dev.winback.api.rest.RequestParams;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestParsingTest {

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsAllowColonsInThePassword() {
        assertArrayEquals(new String[] {"rep1", "a:b"}, BasicAuthFilter.credentials(basic("rep1:a:b")).get());
        assertArrayEquals(new String[] {"rep1", "x"}, BasicAuthFilter.credentials("basic "
                + Base64.getEncoder().encodeToString("rep1:x".getBytes(StandardCharsets.UTF_8))).get());
    }

    @Test
    void malformedAuthorizationHeadersAreNoCredentials() {
        assertTrue(BasicAuthFilter.credentials(null).isEmpty());
        assertTrue(BasicAuthFilter.credentials("Bearer abc").isEmpty());
        assertTrue(BasicAuthFilter.credentials("Basic ***").isEmpty());
        assertTrue(BasicAuthFilter.credentials(basic("nocolon")).isEmpty());
        assertTrue(BasicAuthFilter.credentials(basic(":password")).isEmpty());
    }

    @Test
    void ifMatchAcceptsStrongWeakAndWildcard() {
        assertEquals(3L, RequestParams.ifMatchVersion("\"3\""));
        assertEquals(3L, RequestParams.ifMatchVersion("W/\"3\""));
        assertNull(RequestParams.ifMatchVersion("*"));
        assertNull(RequestParams.ifMatchVersion(null));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RequestParams.ifMatchVersion("\"abc\""));
        assertEquals("If-Match", e.problems().get(0).field());
    }

    @Test
    void queryParametersNameThemselvesWhenWrong() {
        assertEquals(20, RequestParams.integer("size", null, 20));
        assertEquals("size", assertThrows(InvalidInputException.class, () -> RequestParams.integer("size", "ten", 20))
                .problems().get(0).field());
        assertEquals(CaseStatus.WON_BACK, RequestParams.enumValue("status", "won_back", CaseStatus.class));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> RequestParams.enumValue("status", "LOST", CaseStatus.class));
        assertTrue(e.getMessage().contains("OPEN, PAUSED"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> RequestParams.uuidQuery("customerId", "123"));
    }

    @Test
    void malformedPathIdsAreNotFound() {
        assertThrows(NotFoundException.class, () -> RequestParams.pathId("customer", "1-1-1-1-1"));
        assertThrows(NotFoundException.class, () -> RequestParams.pathId("customer", "abc"));
    }
}
