package dev.winback.bounty.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.rest.OpenApiContract;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** This module's part of the OpenAPI document describes exactly its resources, and its manifest names it. */
class BountyOpenApiTest {
    private static final String PART = "dev/winback/bounty/openapi.json";

    @Test
    void thePartDescribesExactlyTheBountyResources() throws Exception {
        JsonNode part = OpenApiContract.read(BountyOpenApiTest.class.getClassLoader().getResourceAsStream(PART));
        OpenApiContract.check(List.of(BountyPlanResource.class, BountyResource.class, BountyRuleResource.class), part,
                Set.of());
    }

    @Test
    void theManifestNamesThePartTheSchemaAndTheCommands() throws Exception {
        Manifest manifest = OpenApiContract.manifestOf(BountyResource.class);
        assertEquals(PART, manifest.getMainAttributes().getValue("Winback-OpenAPI"));
        assertEquals("bounty;path=db/bounty", manifest.getMainAttributes().getValue("Winback-Schema"));
        assertEquals("dev.winback.bounty.shell", manifest.getMainAttributes().getValue("Karaf-Commands"));
    }
}
