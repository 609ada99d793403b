package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtTheSemicolonsThatEndStatements() {
        assertEquals(List.of("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)"),
                SqlScript.statements("CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n"));
    }

    @Test
    void dropsCommentsEvenWhenTheyHoldSemicolons() {
        String script = "-- first; not a statement\nCREATE TABLE a (id INT); /* a; b */ CREATE TABLE b (id INT)";

        assertEquals(List.of("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)"), SqlScript.statements(script));
    }

    @Test
    void keepsSemicolonsAndDashesInsideQuotes() {
        String script = "INSERT INTO t VALUES ('a;b', 'it''s -- fine');\nSELECT \"odd;name\" FROM t";

        assertEquals(List.of("INSERT INTO t VALUES ('a;b', 'it''s -- fine')", "SELECT \"odd;name\" FROM t"),
                SqlScript.statements(script));
    }

    @Test
    void refusesAnUnterminatedQuote() {
        assertThrows(IllegalArgumentException.class, () -> SqlScript.statements("INSERT INTO t VALUES ('oops);"));
    }

    @Test
    void theFirstMigrationHasTheStatementsItShould() {
        List<String> statements = SqlScript.statements(SchemaMigrations.MIGRATIONS.get(0).text());

        assertEquals(4, statements.stream().filter(s -> s.startsWith("CREATE TABLE")).count());
        assertEquals(1, statements.stream().filter(s -> s.startsWith("INSERT INTO loss_reasons")).count());
    }
}
