package dev.winback.rest;

import dev.winback.api.InvalidInputException;
import javax.ws.rs.core.EntityTag;

/** Entity versions as strong ETags ({@code "3"}) and the If-Match check of updates. */
final class ETags {
    private ETags() {
    }

    static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version an If-Match header asks for, or null when the header is absent or {@code *} (no check). */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", "must be an ETag as returned by GET, such as \"3\" (got "
                    + ifMatch + ")");
        }
    }
}
