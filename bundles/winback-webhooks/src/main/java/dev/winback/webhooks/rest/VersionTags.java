package dev.winback.webhooks.rest;

import dev.winback.api.InvalidInputException;
import javax.ws.rs.core.EntityTag;

/** Version tags: the ETag of an endpoint is its version, as for the core's entities. */
final class VersionTags {
    private VersionTags() {
    }

    static EntityTag tag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version an If-Match names, or null when there is none or it is {@code *}. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String v = header.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", "must be the ETag of a GET, such as \"3\" (got " + header
                    + ")");
        }
    }
}
