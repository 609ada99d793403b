package dev.winback.reputation.improvement;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.reputation.rest.ImprovementResource;
import dev.winback.reputation.rest.WhyResource;
import dev.winback.rest.OpenApiContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The improvements' fragment of the OpenAPI document describes exactly their resources, so the module's document
 * passes its contract once the fragment is merged into it.
 */
class ImprovementsOpenApiTest {
    private static final String FRAGMENT = "dev/winback/reputation/openapi-improvements.json";

    @Test
    void theFragmentDescribesExactlyTheImprovementAndWhyResources() throws Exception {
        JsonNode fragment = OpenApiContract.read(getClass().getClassLoader().getResourceAsStream(FRAGMENT));
        OpenApiContract.check(List.of(ImprovementResource.class, WhyResource.class), fragment, Set.of());
        fragment.path("paths").findValues("$ref").forEach(ref -> {
            String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
            assertTrue(name.equals("Problem") || fragment.path("components").path("schemas").has(name), name);
        });
    }
}
