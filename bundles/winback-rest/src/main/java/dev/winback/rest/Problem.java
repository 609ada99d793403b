package dev.winback.rest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code errors} is our extension member: one entry per offending field, so a form
 * can put each message next to its input. Other extension members a problem type defines (such as
 * {@code earliest} of a step completed too early) are written beside the standard ones.
 */
public class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    public String type;
    public String title;
    public int status;
    public String detail;
    public String instance;
    public List<FieldError> errors;

    private final Map<String, Object> members = new LinkedHashMap<>();

    /** Extension members of the problem type, written as top-level members of the JSON object. */
    @JsonAnyGetter
    public Map<String, Object> members() {
        return members;
    }

    /** Adds an extension member; returns this problem. */
    Problem with(String name, Object value) {
        members.put(name, value);
        return this;
    }

    public static class FieldError {
        public String field;
        public String message;

        public FieldError() {
        }

        public FieldError(String field, String message) {
            this.field = field;
            this.message = message;
        }
    }
}
