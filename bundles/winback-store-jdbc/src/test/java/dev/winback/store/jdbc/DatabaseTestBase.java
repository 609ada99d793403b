package dev.winback.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One migrated database per test class on the engine the subclass names. Each test starts from the state the
 * migration leaves: no customers, cases or audit entries, and the seeded loss reasons only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseTestBase {
    static final List<String> SEEDED_CODES = List.of("competitor", "late-delivery", "other", "price",
            "relationship", "service-failure", "wrong-billing");

    protected final Engine engine;
    protected final TestClock clock = new TestClock();
    protected TestDatabase database;
    protected WinbackDatabase db;

    DatabaseTestBase(Engine engine) {
        this.engine = engine;
    }

    @BeforeAll
    void openDatabase() throws SQLException {
        database = engine.open();
        db = new WinbackDatabase(database.dataSource(), clock);
        db.migrate();
        DetectSchema.apply(database.dataSource());
    }

    @AfterAll
    void closeDatabase() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void startFromMigratedState() throws SQLException {
        clock.step(Duration.ofSeconds(1));
        // Tests never change the seeded reasons for good, so removing the ones they added is enough.
        database.execute("DELETE FROM idempotency_keys", "DELETE FROM audit_log", "DELETE FROM recovery_steps",
                "DELETE FROM agreement_conditions", "DELETE FROM agreements", "DELETE FROM case_whys",
                "DELETE FROM recovery_cases", "DELETE FROM purchase_staging", "DELETE FROM purchases",
                "DELETE FROM import_errors", "DELETE FROM import_jobs", "DELETE FROM detection_run_rules",
                "DELETE FROM detection_runs", "DELETE FROM customers", "DELETE FROM team_members",
                "DELETE FROM teams", "DELETE FROM event_log", "DELETE FROM subscriber_gaps",
                "DELETE FROM subscriber_dead_letters", "DELETE FROM subscriber_positions",
                "DELETE FROM loss_reasons WHERE code NOT IN ('" + String.join("', '", SEEDED_CODES) + "')");
    }

    /** Counts rows with a query of the form {@code SELECT COUNT(*) ...}. */
    protected long count(String sql, Object... params) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    protected long auditRows(String entityType) throws SQLException {
        return count("SELECT COUNT(*) FROM audit_log WHERE entity_type = ?", entityType);
    }
}
