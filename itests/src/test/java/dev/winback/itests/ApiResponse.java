package dev.winback.itests;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the Winback API answered: status, headers and body, with the body readable as a Jackson tree.
 */
public record ApiResponse(String method, String uri, int status, Map<String, List<String>> headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first value of a header, names compared case-insensitively. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }

    /** The body as a JSON tree; fails the test, showing the body, if it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            fail("Not JSON: " + this);
            throw new AssertionError(e);
        }
    }

    /** Fails the test, showing the whole exchange, unless the status is the expected one. */
    public ApiResponse assertStatus(int expected) {
        if (status != expected) {
            fail("Expected HTTP " + expected + " but got " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return method + " " + uri + " -> " + status + " " + header("Content-Type").orElse("") + " " + body;
    }
}
