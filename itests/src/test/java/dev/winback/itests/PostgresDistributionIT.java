package dev.winback.itests;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/** The distribution switched to PostgreSQL by its one datasource file, on a fresh database. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresDistributionIT extends WinbackTestSupport {

    @Override
    protected Option[] databaseOptions() {
        return postgresDatabase();
    }

    @Test
    public void healthReportsPostgreSQL() {
        JsonNode health = get("/api/v1/health").assertStatus(200).json();
        assertEquals("UP", health.path("status").asText());
        assertEquals("PostgreSQL", get("/api/v1/health/details", ADMIN).assertStatus(200).json().path("database").asText());
    }

    @Test
    public void customerIsStoredInPostgreSQL() {
        String id = post("/api/v1/customers", MANAGER,
                json().put("externalId", "pg-it-1").put("source", "itest").put("name", "Postgres Customer"))
                .assertStatus(201).json().path("id").asText();
        assertEquals("Postgres Customer",
                get("/api/v1/customers/" + id, MANAGER).assertStatus(200).json().path("name").asText());
    }
}
