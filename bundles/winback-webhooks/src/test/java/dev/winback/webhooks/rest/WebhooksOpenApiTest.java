package dev.winback.webhooks.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.winback.rest.OpenApiContract;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
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
        // The signed POST /hooks/{source} is public (@PublicEndpoint), yet it does answer 401: for a signature that
        // does not verify. The contract takes a documented 401 for a sign of Basic authentication, so it checks a
        // copy without that one answer; that the answer is there, and says what it is about, is checked here.
        ObjectNode checked = part.deepCopy();
        JsonNode signatureRefused = ((ObjectNode) checked.path("paths").path("/hooks/{source}").path("post")
                .path("responses")).remove("401");
        assertTrue(signatureRefused.path("description").asText().contains("signature"));
        OpenApiContract.check(List.of(WebhookResource.class, HookResource.class), checked, Set.of());
    }

    @Test
    void theManifestNamesThePartAndTheSchema() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Paths.get(WebhookResource.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI()).resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        assertEquals(PART, manifest.getMainAttributes().getValue("Winback-OpenAPI"));
        assertEquals("webhooks;path=db/webhooks", manifest.getMainAttributes().getValue("Winback-Schema"));
    }
}
