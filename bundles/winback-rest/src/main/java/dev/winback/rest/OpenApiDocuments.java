package dev.winback.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the API's OpenAPI document together: the core's, written by hand beside its resources, plus the part each
 * installed module brings. A module adds paths, schemas and tags; it cannot replace what the core (or a module
 * merged before it) describes, so a clash is logged and the first description stays.
 */
final class OpenApiDocuments {
    static final String CORE = "openapi.json";
    private static final Logger LOG = LoggerFactory.getLogger(OpenApiDocuments.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenApiDocuments() {
    }

    /** The core's document, as this bundle ships it. */
    static ObjectNode core() {
        try (InputStream in = OpenApiDocuments.class.getResourceAsStream(CORE)) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("The bundle's own openapi.json cannot be read", e);
        }
    }

    /** A copy of {@code core} with the parts' paths, schemas and tags added. */
    static ObjectNode merge(ObjectNode core, List<JsonNode> parts) {
        ObjectNode merged = core.deepCopy();
        for (JsonNode part : parts) {
            addFields(merged.with("paths"), part.path("paths"), "path");
            JsonNode schemas = part.path("components").path("schemas");
            if (schemas.isObject()) {
                addFields(merged.with("components").with("schemas"), schemas, "schema");
            }
            JsonNode tags = part.path("tags");
            if (tags.isArray()) {
                ArrayNode into = merged.withArray("tags");
                Set<String> known = new HashSet<>();
                into.forEach(t -> known.add(t.path("name").asText()));
                for (JsonNode tag : tags) {
                    if (known.add(tag.path("name").asText())) {
                        into.add(tag.deepCopy());
                    }
                }
            }
        }
        return merged;
    }

    private static void addFields(ObjectNode into, JsonNode from, String what) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (into.has(field.getKey())) {
                LOG.warn("OpenAPI {} {} is described twice; the first description stays", what, field.getKey());
                continue;
            }
            into.set(field.getKey(), field.getValue().deepCopy());
        }
    }
}
