package dev.winback.systests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Just enough of OpenAPI's schemas for the fuzz test: references resolved, nested schemas inlined to a depth. */
final class Schemas {
    private static final int MAX_DEPTH = 4;

    private Schemas() {
    }

    /** {@code node}, or what its {@code $ref} names under {@code components}. */
    static JsonNode resolve(JsonNode components, JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String[] parts = current.path("$ref").asText().replaceFirst("^#/components/", "").split("/");
            JsonNode target = components;
            for (String part : parts) {
                target = target.path(part);
            }
            current = target;
        }
        return current;
    }

    /** A copy of the schema with every reference replaced by what it names, cut off at a depth. */
    static JsonNode inline(JsonNode components, JsonNode schema, int depth) {
        JsonNode resolved = resolve(components, schema);
        if (!resolved.isObject() || depth > MAX_DEPTH) {
            return resolved;
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = resolved.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "properties" -> {
                    ObjectNode properties = copy.putObject("properties");
                    value.fields().forEachRemaining(p -> properties.set(p.getKey(),
                            inline(components, p.getValue(), depth + 1)));
                }
                case "items", "additionalProperties" -> copy.set(field.getKey(),
                        value.isObject() ? inline(components, value, depth + 1) : value);
                case "allOf", "oneOf", "anyOf" -> {
                    var array = copy.putArray(field.getKey());
                    value.forEach(v -> array.add(inline(components, v, depth + 1)));
                }
                default -> copy.set(field.getKey(), value);
            }
        }
        return copy;
    }
}
