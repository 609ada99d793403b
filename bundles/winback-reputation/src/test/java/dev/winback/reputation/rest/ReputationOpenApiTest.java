package dev.winback.reputation.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.rest.OpenApiContract;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** This module's part of the OpenAPI document describes exactly its resources, and its manifest names it. */
class ReputationOpenApiTest {
    private static final String PART = "dev/winback/reputation/openapi.json";

    @Test
    void thePartDescribesExactlyTheReputationResources() throws Exception {
        JsonNode part = OpenApiContract.read(ReputationOpenApiTest.class.getClassLoader().getResourceAsStream(PART));
        OpenApiContract.check(List.of(SurveyResource.class, ReputationResource.class, ImprovementResource.class,
                WhyResource.class, ReputationSummaryResource.class), part, Set.of());
        // Every schema the part names is its own, but for the core's Problem, which the merged document holds.
        part.findValues("$ref").forEach(ref -> {
            String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
            assertTrue(name.equals("Problem") || part.path("components").path("schemas").has(name), name);
        });
    }

    @Test
    void theManifestNamesThePartTheSchemaAndTheCommands() throws Exception {
        Manifest manifest = OpenApiContract.manifestOf(SurveyResource.class);
        assertEquals(PART, manifest.getMainAttributes().getValue("Winback-OpenAPI"));
        assertEquals("reputation;path=db/reputation", manifest.getMainAttributes().getValue("Winback-Schema"));
        assertEquals("dev.winback.reputation.shell", manifest.getMainAttributes().getValue("Karaf-Commands"));
        // Nothing of the module is exported: no bounty rule (which sees only winback-api) can make an incentive
        // depend on what a survey answer or a review says.
        assertNull(manifest.getMainAttributes().getValue("Export-Package"));
    }
}
