package dev.winback.webhooks.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.rest.OpenApiContract;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** This module's part of the OpenAPI document describes exactly its resources, and its manifest names it. */
class WebhooksOpenApiTest {
    private static final String PART = "dev/winback/webhooks/openapi.json";

    @Test
    void thePartDescribesExactlyTheWebhookResources() throws Exception {
        JsonNode part = OpenApiContract.read(WebhooksOpenApiTest.class.getClassLoader().getResourceAsStream(PART));
        OpenApiContract.check(List.of(WebhookResource.class, HookResource.class), part, Set.of());
        // The signed POST /hooks/{source} needs no credentials (@PublicEndpoint), yet answers 401 for a signature
        // that does not verify, and says so.
        assertTrue(part.path("paths").path("/hooks/{source}").path("post").path("responses").path("401")
                .path("description").asText().contains("signature"));
    }

    @Test
    void theManifestNamesThePartAndTheSchema() throws Exception {
        Manifest manifest = OpenApiContract.manifestOf(WebhookResource.class);
        assertEquals(PART, manifest.getMainAttributes().getValue("Winback-OpenAPI"));
        assertEquals("webhooks;path=db/webhooks", manifest.getMainAttributes().getValue("Winback-Schema"));
    }
}
