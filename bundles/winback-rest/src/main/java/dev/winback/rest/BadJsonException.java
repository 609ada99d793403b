package dev.winback.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import dev.winback.api.rest.BoundedInputStream;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.ws.rs.WebApplicationException;

/**
 * A body that is not the JSON we expect (a WebApplicationException so the runtime passes it through readers). Translates Jackson's messages — which quote internal class names and
 * source excerpts — into one sentence that names the field and says what to send instead.
 */
final class BadJsonException extends WebApplicationException {
    private static final long serialVersionUID = 1L;
    private final String field;

    BadJsonException(String field, String message) {
        super(message, 400);
        this.field = field;
    }

    /** The JSON path of the offending field, e.g. {@code lifetimeValue} or {@code items[2].code}; may be null. */
    String field() {
        return field;
    }

    static WebApplicationException from(JacksonException e) {
        if (e.getCause() instanceof BoundedInputStream.LimitReached) {
            return new BodyTooLargeException(((BoundedInputStream.LimitReached) e.getCause()).limit());
        }
        if (e instanceof JsonParseException) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new BadJsonException(null, "Malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (!(e instanceof JsonMappingException)) {
            return new BadJsonException(null, "Malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
        JsonMappingException m = (JsonMappingException) e;
        String path = path(m);
        if (m instanceof PropertyBindingException) {
            PropertyBindingException p = (PropertyBindingException) m;
            String known = p.getKnownPropertyIds() == null ? "" : "; known fields: " + p.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new BadJsonException(path, "unknown field '" + p.getPropertyName() + "'" + known);
        }
        if (m instanceof InvalidNullException) {
            return new BadJsonException(path, "must not be null");
        }
        if (m instanceof InvalidFormatException) {
            InvalidFormatException f = (InvalidFormatException) m;
            return new BadJsonException(path, "'" + f.getValue() + "' is not " + describe(f.getTargetType()));
        }
        if (m instanceof MismatchedInputException) {
            Class<?> target = ((MismatchedInputException) m).getTargetType();
            return new BadJsonException(path, "wrong type: expected " + describe(target));
        }
        return new BadJsonException(path, "cannot be read: " + firstLine(m.getOriginalMessage()));
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** A person's description of a Java type, e.g. "one of LAPSED, LOST_DEAL" or "an ISO-8601 instant". */
    static String describe(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        switch (type.getName()) {
            case "java.util.UUID":
                return "a UUID such as 3f2b6c1e-8a6d-4c1f-9a55-0d2e1c7b9f10";
            case "java.time.Instant":
                return "an ISO-8601 timestamp such as 2026-11-23T09:30:00Z";
            case "java.math.BigDecimal":
                return "a number";
            case "java.lang.String":
                return "a string";
            case "boolean":
            case "java.lang.Boolean":
                return "true or false";
            case "int":
            case "long":
            case "java.lang.Integer":
            case "java.lang.Long":
                return "a whole number";
            default:
                return type.isArray() || java.util.Collection.class.isAssignableFrom(type) ? "an array" : "an object";
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
