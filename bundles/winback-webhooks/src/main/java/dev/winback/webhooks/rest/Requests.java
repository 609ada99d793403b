package dev.winback.webhooks.rest;

import dev.winback.api.InvalidInputException;
import dev.winback.api.NotFoundException;
import java.util.UUID;
import javax.ws.rs.core.EntityTag;

/** Path ids, paging parameters and version tags, read the way the core API reads them. */
final class Requests {
    private Requests() {
    }

    /** An id from the path: a malformed one names nothing, so it is a 404 like an unknown one. */
    static UUID id(String what, String value) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException malformed) {
            // below
        }
        throw new NotFoundException("No " + what + " has id '" + value + "'");
    }

    static int number(String name, String value, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number (got '" + value + "')");
        }
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
