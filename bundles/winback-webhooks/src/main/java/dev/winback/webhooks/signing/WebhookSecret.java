package dev.winback.webhooks.signing;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A symmetric signing secret as the Standard Webhooks specification serialises it: {@code whsec_} followed by the
 * base64 of 24 to 64 random bytes. The key of the HMAC is the decoded bytes, not the text.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    /** The specification's minimum (192 bits). */
    public static final int MIN_BYTES = 24;
    /** 512 bits: more adds nothing to HMAC-SHA256 and only makes the header value long. */
    public static final int MAX_BYTES = 64;
    /** What Winback generates: the full block of SHA-256. */
    static final int GENERATED_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String text;
    private final byte[] key;

    private WebhookSecret(String text, byte[] key) {
        this.text = text;
        this.key = key;
    }

    /** A new random secret. */
    public static WebhookSecret generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key), key);
    }

    /** The secret in {@code text}, or empty with nothing said about why (see {@link #problem}). */
    public static Optional<WebhookSecret> parse(String text) {
        return problem(text) == null ? Optional.of(of(text)) : Optional.empty();
    }

    /** A secret known to be well-formed (stored earlier); fails loudly otherwise. */
    public static WebhookSecret of(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("Not a webhook secret: " + problem);
        }
        return new WebhookSecret(text, Base64.getDecoder().decode(text.substring(PREFIX.length())));
    }

    /** What is wrong with {@code text} as a secret, in words an admin can act on; null when nothing is. */
    public static String problem(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return "must start with " + PREFIX + " followed by base64 (leave it out and Winback generates one)";
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return "the part after " + PREFIX + " is not valid base64 (standard alphabet, with padding)";
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            return "must decode to " + MIN_BYTES + " to " + MAX_BYTES + " bytes (got " + key.length + ")";
        }
        return null;
    }

    /** The HMAC key. */
    byte[] key() {
        return Arrays.copyOf(key, key.length);
    }

    /** The serialised form, {@code whsec_...}. */
    public String text() {
        return text;
    }

    /** Never the secret itself: a secret must not end up in a log line by accident. */
    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
