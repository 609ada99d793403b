package dev.winback.rest;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} is our extension member: one entry per offending field, so a form
 * can put each message next to its input.
 */
public class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    public String type;
    public String title;
    public int status;
    public String detail;
    public String instance;
    public List<FieldError> errors;

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
