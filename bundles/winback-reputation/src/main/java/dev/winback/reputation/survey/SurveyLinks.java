package dev.winback.reputation.survey;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks survey link tokens: the invitation's id and expiry, with an HMAC-SHA256 under the module's secret
 * (kept in the database, so every node checks the links of every other). A token cannot be made up or altered
 * without the secret, and carries no customer data. Whether it was used already is the invitation's to say.
 */
public final class SurveyLinks {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int PAYLOAD = 16 + 8;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public SurveyLinks(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("A survey link secret has at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** What a genuine token says. */
    public record Token(UUID invitationId, Instant expiresAt) {
    }

    public String sign(UUID invitationId, Instant expiresAt) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD);
        payload.putLong(invitationId.getMostSignificantBits()).putLong(invitationId.getLeastSignificantBits())
                .putLong(expiresAt.getEpochSecond());
        byte[] bytes = payload.array();
        return ENCODE.encodeToString(bytes) + "." + ENCODE.encodeToString(mac(bytes));
    }

    /** The token's content when its signature is genuine; empty for anything forged, altered or malformed. */
    public Optional<Token> verify(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODE.decode(token.substring(0, dot));
            signature = DECODE.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Only the one spelling we issue: base64 leaves spare bits in a last character, and a token that differs
        // there would otherwise decode to the same bytes, giving one invitation many working links.
        if (!ENCODE.encodeToString(payload).equals(token.substring(0, dot))
                || !ENCODE.encodeToString(signature).equals(token.substring(dot + 1))) {
            return Optional.empty();
        }
        // Compared in constant time, so the signature cannot be guessed byte by byte from response times.
        if (payload.length != PAYLOAD || !MessageDigest.isEqual(mac(payload), signature)) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        return Optional.of(new Token(new UUID(b.getLong(), b.getLong()), Instant.ofEpochSecond(b.getLong())));
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
