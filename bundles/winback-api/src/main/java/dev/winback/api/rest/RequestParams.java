package dev.winback.api.rest;

import dev.winback.api.InvalidInputException;
import dev.winback.api.PreconditionRequiredException;
import dev.winback.api.NotFoundException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Parses path and query parameters: JAX-RS answers a query parameter it cannot convert with a bare 404, where a
 * client needs a 400 that names the parameter. Take parameters as {@code String} and convert them here; each
 * method throws an {@link InvalidInputException} naming the parameter (a 400), or {@link NotFoundException} for an
 * id in the path that cannot name anything.
 */
public final class RequestParams {
    private RequestParams() {
    }

    public static int integer(String name, String value, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number (got '" + value + "')");
        }
    }

    public static long whole(String name, String value, long defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number (got '" + value + "')");
        }
    }

    public static boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new InvalidInputException(name, "must be true or false (got '" + value + "')");
        }
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", ")) + " (got '" + value + "')");
        }
    }

    public static UUID uuidQuery(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return parseUuid(value).orElseThrow(
                () -> new InvalidInputException(name, "must be a UUID (got '" + value + "')"));
    }

    /** An id from the path: a malformed one names nothing, so it is a 404 like any unknown id. */
    public static UUID pathId(String what, String value) {
        return parseUuid(value).orElseThrow(() -> new NotFoundException("No " + what + " has id '" + value + "'"));
    }

    /** A number with a fraction, or null when the parameter is absent. */
    public static Double decimal(String name, String value, String expected) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be " + expected + " (got '" + value + "')");
        }
    }

    /** An ISO date, or null when the parameter is absent. */
    public static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "must be an ISO date such as 2026-11-23 (got '" + value + "')");
        }
    }

    /**
     * The version an {@code If-Match} header names, for a PUT that replaces a resource: the header is required, and
     * {@code *} (replace whatever version is current, null here) must be asked for explicitly.
     *
     * @param what the resource, for the message, such as "customer 7f0c…"
     * @throws PreconditionRequiredException no If-Match was sent (428)
     * @throws InvalidInputException the header is not an ETag Winback gave out (400)
     */
    public static Long requiredIfMatchVersion(String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException("Send If-Match with the ETag of " + what + " from your last "
                    + "GET, so that a change someone made since is not overwritten (If-Match: * replaces any "
                    + "version)");
        }
        return ifMatchVersion(ifMatch);
    }

    /**
     * The entity version an {@code If-Match} header names (the API's ETags are the version, {@code "3"}), or null
     * when the header is absent or {@code *}, which asks for no check.
     */
    public static Long ifMatchVersion(String ifMatch) {
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

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            UUID id = UUID.fromString(value.strip());
            // UUID.fromString accepts short forms like 1-1-1-1-1; insist on the canonical text.
            return id.toString().equalsIgnoreCase(value.strip()) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
