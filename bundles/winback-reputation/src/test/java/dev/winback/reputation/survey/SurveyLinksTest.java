package dev.winback.reputation.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SurveyLinksTest {
    private final byte[] secret = filled(7);
    private final SurveyLinks links = new SurveyLinks(secret);

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aSignedTokenSaysWhichInvitationAndUntilWhen() {
        UUID id = UUID.randomUUID();
        Instant expires = Instant.parse("2027-01-31T12:00:00Z");
        String token = links.sign(id, expires);

        assertEquals(new SurveyLinks.Token(id, expires), links.verify(token).orElseThrow());
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "URL-safe: " + token);
        assertFalse(token.contains(id.toString()), "no readable id");
    }

    @Test
    void anyChangeOrAnotherKeyMakesItWorthless() {
        String token = links.sign(UUID.randomUUID(), Instant.parse("2027-01-31T12:00:00Z"));
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertTrue(links.verify(changed).isEmpty(), "changed at " + i + ": " + changed);
        }
        assertTrue(new SurveyLinks(filled(8)).verify(token).isEmpty());
        // Another invitation's payload under this token's signature: refused.
        String other = links.sign(UUID.randomUUID(), Instant.parse("2027-01-31T12:00:00Z"));
        String spliced = other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'));
        assertTrue(links.verify(spliced).isEmpty());
        for (String junk : new String[] {null, "", ".", "abc", "a.b", "%%%.%%%", "x".repeat(500)}) {
            assertTrue(links.verify(junk).isEmpty(), String.valueOf(junk));
        }
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SurveyLinks(new byte[16]));
    }
}
