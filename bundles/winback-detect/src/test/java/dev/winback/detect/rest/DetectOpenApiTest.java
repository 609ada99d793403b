package dev.winback.detect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.rest.OpenApiContract;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** This module's part of the OpenAPI document describes exactly its resources, and its manifest names it. */
class DetectOpenApiTest {
    private static final String PART = "dev/winback/detect/rest/openapi.json";

    @Test
    void thePartDescribesExactlyTheDetectionResources() throws Exception {
        JsonNode part = OpenApiContract.read(DetectOpenApiTest.class.getClassLoader().getResourceAsStream(PART));

        OpenApiContract.check(List.of(ImportResource.class, DetectionResource.class, CustomerScoreResource.class),
                part, Set.of());
    }

    @Test
    void theManifestNamesThePartAndTheSchema() throws Exception {
        Manifest manifest = OpenApiContract.manifestOf(ImportResource.class);
        assertEquals(PART, manifest.getMainAttributes().getValue("Winback-OpenAPI"));
        assertEquals("detect;path=db/detect", manifest.getMainAttributes().getValue("Winback-Schema"));
    }
}
