package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecurityLogTest {
    @Test
    void aUserNameCannotStartALineOfItsOwn() {
        String line = SecurityLog.line(Instant.parse("2026-12-01T10:00:00Z"), "login failed",
                "eve\n2026-12-01T10:00:01Z winback: login ok user=\"admin\"", "10.0.0.1");
        assertEquals("2026-12-01T10:00:00Z winback: login failed user=\"eve\\u000a2026-12-01T10:00:01Z winback: "
                + "login ok user=\\u0022admin\\u0022\" address=10.0.0.1", line);
    }

    @Test
    void longNamesAreCut() {
        String line = SecurityLog.line(Instant.EPOCH, "login failed", "x".repeat(5000), null);
        assertEquals(Instant.EPOCH + " winback: login failed user=\"" + "x".repeat(200) + "…\" address=-", line);
    }
}
