package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Data survives a restart of Karaf: each method runs in a fresh container (PerMethod) on the same H2 file under
 * target/it-db/RestartIT, in name order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RestartIT extends WinbackTestSupport {

    private static final String EXTERNAL_ID = "restart-it-1";
    private static final String REASON = "restart-it-reason";

    @Override
    protected Option[] databaseOptions() {
        return new Option[] {h2DatabaseAt(sharedH2Database(RestartIT.class))};
    }

    @Test
    public void step1_createDataBeforeRestart() throws IOException {
        String customerId = post("/api/v1/customers", MANAGER,
                json().put("externalId", EXTERNAL_ID).put("source", "itest").put("name", "Survives Restart Ltd")
                        .put("ownerRep", "rep1").put("lifetimeValue", 98000.25).put("currency", "GBP"))
                .assertStatus(201).json().path("id").asText();
        post("/api/v1/loss-reasons", ADMIN, json().put("code", REASON).put("label", "Added before the restart")
                .put("category", "DELIVERY").put("controllable", true)).assertStatus(201);
        post("/api/v1/cases", MANAGER, json().put("customerId", customerId).put("lossKind", "HOSTILE")
                .put("lossReason", REASON).put("lostAt", "2026-10-01T08:00:00Z").put("notes", "Sued us"))
                .assertStatus(201);
        // a mark in this container's own data/: the next method must not see it, or it did not get a new Karaf
        Files.writeString(containerMark(), "step1");
    }

    @Test
    public void step2_everythingIsStillThereAfterRestart() {
        assertFalse("step 2 runs in the same Karaf as step 1", Files.exists(containerMark()));
        JsonNode page = get("/api/v1/customers?source=itest", MANAGER).assertStatus(200).json();
        assertEquals(page.toString(), 1, page.path("total").asInt());
        JsonNode customer = page.path("items").get(0);
        assertEquals(EXTERNAL_ID, customer.path("externalId").asText());
        assertEquals("Survives Restart Ltd", customer.path("name").asText());
        assertEquals(98000.25, customer.path("lifetimeValue").asDouble(), 0.001);
        assertEquals("GBP", customer.path("currency").asText());

        assertEquals("Added before the restart",
                get("/api/v1/loss-reasons/" + REASON, REP1).assertStatus(200).json().path("label").asText());

        JsonNode cases = get("/api/v1/cases?customerId=" + customer.path("id").asText(), REP1).assertStatus(200)
                .json();
        assertEquals(cases.toString(), 1, cases.path("total").asInt());
        JsonNode recoveryCase = cases.path("items").get(0);
        assertEquals("HOSTILE", recoveryCase.path("lossKind").asText());
        assertEquals("OPEN", recoveryCase.path("status").asText());
        assertEquals("2026-10-01T08:00:00Z", recoveryCase.path("lostAt").asText());
        assertEquals("Sued us", recoveryCase.path("notes").asText());
        // ... and it came from the shared file, not from an H2 database under this container's data/
        assertFalse(new File(System.getProperty("karaf.data"), "winback/db.mv.db").exists());
    }

    private static Path containerMark() {
        return Path.of(System.getProperty("karaf.data"), "restart-it.mark");
    }
}
