package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/** The distribution as shipped: Winback installed at boot, embedded H2, the API up. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionIT extends WinbackTestSupport {

    @Test
    public void winbackFeatureIsInstalled() throws Exception {
        assertFeatureInstalled("winback");
    }

    @Test
    public void winbackBundlesAreActive() {
        WINBACK_BUNDLES.forEach(this::assertBundleActive);
    }

    @Test
    public void exactlyOneJacksonDatabind() {
        List<String> versions = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "com.fasterxml.jackson.core.jackson-databind".equals(b.getSymbolicName()))
                .map(b -> b.getVersion().toString())
                .toList();
        assertEquals(List.of("2.14.1"), versions);
    }

    @Test
    public void healthIsUpOnEmbeddedH2() {
        JsonNode health = get("/api/v1/health").assertStatus(200).json();
        List<String> fields = new java.util.ArrayList<>();
        health.fieldNames().forEachRemaining(fields::add);
        assertEquals("only UP or DOWN for anyone: " + health, List.of("status"), fields);
        assertEquals("UP", health.path("status").asText());
        JsonNode details = get("/api/v1/health/details", ADMIN).assertStatus(200).json();
        assertEquals("H2", details.path("database").asText());
        assertTrue(details.toString(), details.path("schemaVersion").asInt() > 0);
        get("/api/v1/health/details", MANAGER).assertStatus(403);
        get("/api/v1/health/details").assertStatus(401);
    }

    @Test
    public void demoUsersAuthenticateAgainstTheKarafRealm() {
        get("/api/v1/customers").assertStatus(401);
        get("/api/v1/customers", new User("admin", "wrong")).assertStatus(401);
        for (User user : new User[] {ADMIN, MANAGER, REP1, REP2}) {
            get("/api/v1/customers", user).assertStatus(200);
        }
    }
}
