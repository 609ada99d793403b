package dev.winback.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core's openapi.json true to the bundle's resources ({@link CoreResources}), and how module parts are
 * merged into it.
 */
class OpenApiDocumentTest {

    @Test
    void theCoreDocumentDescribesExactlyTheCoreResources() {
        OpenApiContract.check(CoreResources.ALL, OpenApiDocuments.core(), BasicAuthFilter.PUBLIC_PATHS);
    }

    @Test
    void aModulePartAddsItsPathsSchemasAndTagsButReplacesNothing() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode core = OpenApiDocuments.core();
        JsonNode part = mapper.readTree("{\"paths\":{\"/hooks/{source}\":{\"post\":{\"responses\":{\"204\":{}}}},"
                + "\"/cases\":{\"delete\":{}}},\"components\":{\"schemas\":{\"Hook\":{\"type\":\"object\"},"
                + "\"Problem\":{\"type\":\"string\"}}},\"tags\":[{\"name\":\"webhooks\"}]}");

        JsonNode merged = OpenApiDocuments.merge(core, List.of(part));

        assertTrue(merged.get("paths").has("/hooks/{source}"));
        assertFalse(merged.get("paths").get("/cases").has("delete"), "a module cannot change a core path");
        assertEquals("object", merged.get("components").get("schemas").get("Hook").get("type").asText());
        assertEquals(core.get("components").get("schemas").get("Problem"),
                merged.get("components").get("schemas").get("Problem"));
        assertEquals("webhooks", merged.get("tags").get(merged.get("tags").size() - 1).get("name").asText());
        assertFalse(core.get("paths").has("/hooks/{source}"), "the core document itself is left as it was");
    }
}
