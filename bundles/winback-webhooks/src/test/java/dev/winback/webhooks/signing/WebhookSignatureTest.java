package dev.winback.webhooks.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    /** The vector of the Standard Webhooks reference libraries' signing test. */
    private static final WebhookSecret SPEC_SECRET = WebhookSecret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsVector() {
        assertEquals(SPEC_SIGNATURE, WebhookSignature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    @Test
    void verifiesTheSpecificationsVector() {
        assertTrue(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, SPEC_SIGNATURE));
    }

    @Test
    void anyChangeToIdTimestampBodyOrSecretBreaksTheSignature() {
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID + "x", SPEC_TIMESTAMP, SPEC_BODY, SPEC_SIGNATURE));
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_BODY, SPEC_SIGNATURE));
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP,
                "{\"test\":2432232314}".getBytes(StandardCharsets.UTF_8), SPEC_SIGNATURE));
        assertFalse(WebhookSignature.verify(WebhookSecret.generate(), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY,
                SPEC_SIGNATURE));
    }

    @Test
    void oneMatchingEntryAmongSeveralIsEnough() {
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SPEC_SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        assertTrue(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, header));
    }

    @Test
    void otherVersionsMalformedEntriesAndEmptyHeadersNeverMatch() {
        String sig = SPEC_SIGNATURE.substring(3);
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, "v1a," + sig));
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, sig));
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, "v1,not base64!"));
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, ""));
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, null));
        // A prefix of the right signature is no signature.
        assertFalse(WebhookSignature.verify(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY,
                "v1," + Base64.getEncoder().encodeToString(new byte[] {(byte) 0x83})));
    }

    @Test
    void generatedSecretsAreWellFormedRandomAndRoundTrip() {
        WebhookSecret a = WebhookSecret.generate();
        WebhookSecret b = WebhookSecret.generate();
        assertNotEquals(a.text(), b.text());
        assertTrue(a.text().startsWith("whsec_"));
        assertEquals(32, a.key().length);
        assertNull(WebhookSecret.problem(a.text()));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertTrue(WebhookSignature.verify(WebhookSecret.of(a.text()), "msg_1", 1, body,
                WebhookSignature.sign(a, "msg_1", 1, body)));
        assertEquals("whsec_…", a.toString(), "a secret never shows in logs");
    }

    @Test
    void malformedSecretsAreRefusedWithAReason() {
        assertNotNull(WebhookSecret.problem(null));
        assertTrue(WebhookSecret.problem("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").contains("whsec_"));
        assertTrue(WebhookSecret.problem("whsec_***").contains("base64"));
        assertTrue(WebhookSecret.problem("whsec_" + Base64.getEncoder().encodeToString(new byte[16]))
                .contains("24 to 64 bytes (got 16)"));
        assertTrue(WebhookSecret.problem("whsec_" + Base64.getEncoder().encodeToString(new byte[65]))
                .contains("got 65"));
        assertNull(WebhookSecret.problem("whsec_" + Base64.getEncoder().encodeToString(new byte[64])));
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.of("whsec_"));
        assertTrue(WebhookSecret.parse("nope").isEmpty());
    }
}
