package dev.winback.reputation.summary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.reputation.rest.ReputationSummaryResource;
import dev.winback.rest.OpenApiContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The summary's part of the OpenAPI document (merged into the module's openapi.json) describes its resource. */
class ReputationSummaryOpenApiTest {
    private static final String PART = "dev/winback/reputation/openapi-summary.json";

    @Test
    void thePartDescribesExactlyTheSummaryResource() throws Exception {
        JsonNode part = OpenApiContract.read(getClass().getClassLoader().getResourceAsStream(PART));
        OpenApiContract.check(List.of(ReputationSummaryResource.class), part, Set.of());
    }
}
