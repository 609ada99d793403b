package dev.winback.rest;

import java.time.Instant;

/**
 * Lines for Karaf's security log: the logger {@code audit}, which the distribution writes to
 * {@code data/log/security.log} with the bare message, so each line carries its own time. A user name comes from
 * the client and may hold anything: control characters are escaped so one request cannot forge a second line.
 */
final class SecurityLog {
    static final String LOGGER = "audit";

    private SecurityLog() {
    }

    /** {@code <time> winback: <what> user="<user>" address=<address>}; never a password. */
    static String line(Instant when, String what, String user, String address) {
        return when + " winback: " + what + " user=\"" + escaped(user) + "\" address=" + (address == null ? "-"
                : escaped(address));
    }

    static String escaped(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200) + 8);
        int shown = Math.min(text.length(), 200);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.isSurrogate(c) || c == '\u2028'
                    || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > shown) {
            out.append("…");
        }
        return out.toString();
    }
}
