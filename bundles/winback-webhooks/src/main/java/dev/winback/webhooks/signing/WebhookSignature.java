package dev.winback.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric signature scheme of Standard Webhooks 1.0: the signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, the signature the base64 of its HMAC-SHA256 under the secret's
 * key, sent as {@code v1,<signature>}. The {@code webhook-signature} header is a space-separated list of such
 * entries (a sender rotating its secret signs with both), and one matching {@code v1} entry is enough.
 */
public final class WebhookSignature {
    public static final String HEADER_ID = "webhook-id";
    public static final String HEADER_TIMESTAMP = "webhook-timestamp";
    public static final String HEADER_SIGNATURE = "webhook-signature";
    /** The version tag of HMAC-SHA256 signatures ({@code v1a} is the asymmetric scheme, which we do not use). */
    static final String VERSION = "v1";
    private static final String HMAC = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The value of {@code webhook-signature} for the message: {@code v1,<base64>}. */
    public static String sign(WebhookSecret secret, String id, long timestamp, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(secret, id, timestamp, body));
    }

    /**
     * Whether one {@code v1} entry of {@code header} is the signature of the message. Entries of other versions
     * and malformed entries are passed over; each candidate is compared in constant time, so the answer's timing
     * says nothing about how much of a forged signature was right.
     */
    public static boolean verify(WebhookSecret secret, String id, long timestamp, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = mac(secret, id, timestamp, body);
        boolean match = false;
        for (String entry : header.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !VERSION.equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            // No early return: every entry is looked at whatever the earlier ones gave.
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }

    private static byte[] mac(WebhookSecret secret, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.key(), HMAC));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime has HmacSHA256 and takes any non-empty key.
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
