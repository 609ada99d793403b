package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.detect.DetectionRun;
import dev.winback.api.detect.DetectionStatus;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRowError;
import dev.winback.api.detect.ImportStatus;
import dev.winback.api.dto.LossCategory;
import dev.winback.api.dto.LossReason;
import dev.winback.api.dto.Purchase;
import dev.winback.api.dto.RecoveryCase;
import dev.winback.api.dto.RecoveryStep;
import dev.winback.api.store.StoreStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Migrations and the storage status, on one engine. */
abstract class SchemaContract extends DatabaseTestBase {
    /** The newest script in src/main/resources/db/winback; raise it with each new migration. */
    private static final int LATEST_VERSION = 10;
    private static final String VERSIONS = "SELECT COUNT(*) FROM winback_schema_version";

    SchemaContract(Engine engine) {
        super(engine);
    }

    @Test
    void migrationCreatesTheTablesAndSeedsTheSevenLossReasons() throws SQLException {
        for (String table : List.of("customers", "loss_reasons", "recovery_cases", "recovery_steps", "audit_log",
                "idempotency_keys", "case_whys", "agreements", "agreement_conditions", "purchases",
                "purchase_staging", "import_jobs", "import_errors", "detection_runs", "detection_run_rules", "teams",
                "winback_module_schema",
                "team_members", "event_log", "subscriber_positions", "subscriber_gaps", "subscriber_dead_letters")) {
            count("SELECT COUNT(*) FROM " + table);
        }
        Map<String, LossReason> reasons = new JdbcLossReasonStore(db).list().stream()
                .collect(Collectors.toMap(r -> r.code, Function.identity()));
        assertEquals(7, reasons.size());
        assertSeeded(reasons, "price", "Price", LossCategory.PRICE, false);
        assertSeeded(reasons, "service-failure", "Service failure", LossCategory.SERVICE, true);
        assertSeeded(reasons, "late-delivery", "Late delivery", LossCategory.DELIVERY, true);
        assertSeeded(reasons, "wrong-billing", "Wrong billing", LossCategory.BILLING, true);
        assertSeeded(reasons, "competitor", "Competitor took them", LossCategory.COMPETITOR, false);
        assertSeeded(reasons, "relationship", "Relationship", LossCategory.RELATIONSHIP, true);
        assertSeeded(reasons, "other", "Other", LossCategory.OTHER, false);
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        long versionRows = count(VERSIONS);
        JdbcLossReasonStore reasons = new JdbcLossReasonStore(db);
        reasons.insert(Fixtures.reason("custom", "Custom", LossCategory.OTHER, true), "admin");

        db.migrate();
        new WinbackDatabase(database.dataSource(), clock).migrate();

        assertEquals(versionRows, count(VERSIONS));
        assertEquals(LATEST_VERSION, db.schemaVersion());
        assertEquals(8, reasons.list().size(), "the seed ran once and nothing was dropped");
    }

    @Test
    void migratesASchemaThatAlreadyHoldsOtherTables() throws SQLException {
        try (TestDatabase shared = engine.open()) {
            shared.execute("CREATE TABLE some_other_module (id INTEGER PRIMARY KEY)");
            WinbackDatabase winback = new WinbackDatabase(shared.dataSource(), clock);

            winback.migrate();

            assertEquals(LATEST_VERSION, winback.schemaVersion());
            assertEquals(7, new JdbcLossReasonStore(winback).list().size());
        }
    }

    @Test
    void version3GivesExistingCasesNoStepsAndTheNewColumnsDefaults() throws SQLException {
        try (TestDatabase old = engine.open()) {
            new SchemaMigrations(old.dataSource(), SchemaMigrations.MIGRATIONS.subList(0, 2)).migrate();
            WinbackDatabase winback = new WinbackDatabase(old.dataSource(), clock);
            UUID customer = insertCustomer(old);
            UUID caseId = UUID.randomUUID();
            old.execute("INSERT INTO recovery_cases (id, customer_id, loss_kind, loss_reason, owner_rep, status,"
                    + " opened_by, created_at, updated_at, version) VALUES ('" + caseId + "', '" + customer
                    + "', 'LAPSED', 'price', 'alice', 'OPEN', 'alice', TIMESTAMP WITH TIME ZONE"
                    + " '2025-12-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2025-12-01 10:00:00+00', 4)");

            winback.migrate();

            assertEquals(LATEST_VERSION, winback.schemaVersion());
            RecoveryCase existing = new JdbcCaseStore(winback).find(caseId).orElseThrow();
            assertEquals(4, existing.version);
            assertFalse(existing.noFurtherContact);
            assertNull(existing.recoveredRevenue);
            assertNull(existing.closedAt);
            assertEquals(List.of(), existing.steps);
            assertNull(existing.detection, "version 5 leaves existing cases without a finding");
        }
    }

    @Test
    void version6KeepsExistingRowsUnblockedWithoutEvidenceAndTheirStepsContacting() throws SQLException {
        try (TestDatabase old = engine.open()) {
            new SchemaMigrations(old.dataSource(), SchemaMigrations.MIGRATIONS.subList(0, 5)).migrate();
            UUID customer = insertCustomer(old);
            UUID caseId = UUID.randomUUID();
            old.execute("INSERT INTO recovery_cases (id, customer_id, loss_kind, loss_reason, owner_rep, status,"
                    + " opened_by, created_at, updated_at, version) VALUES ('" + caseId + "', '" + customer
                    + "', 'LAPSED', 'price', 'alice', 'WON_BACK', 'alice', TIMESTAMP WITH TIME ZONE"
                    + " '2025-12-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2025-12-01 10:00:00+00', 2)",
                    "INSERT INTO recovery_steps (id, case_id, name, type, due_at, status, escalate_when_overdue,"
                    + " created_at) VALUES ('" + UUID.randomUUID() + "', '" + caseId + "', 'call', 'CALL',"
                    + " TIMESTAMP WITH TIME ZONE '2025-12-02 10:00:00+00', 'PLANNED', FALSE,"
                    + " TIMESTAMP WITH TIME ZONE '2025-12-01 10:00:00+00')",
                    "INSERT INTO purchases (customer_id, purchased_on, amount, fingerprint, created_at) VALUES ('"
                    + customer + "', DATE '2025-11-02', 10.5, 'f1',"
                    + " TIMESTAMP WITH TIME ZONE '2025-12-01 10:00:00+00')");
            WinbackDatabase winback = new WinbackDatabase(old.dataSource(), clock);

            winback.migrate();

            assertEquals(LATEST_VERSION, winback.schemaVersion());
            assertNull(new JdbcCustomerStore(winback).find(customer).orElseThrow().contactBlocked);
            RecoveryCase existing = new JdbcCaseStore(winback).find(caseId).orElseThrow();
            assertNull(existing.evidence);
            assertNull(existing.closedBy);
            assertNull(existing.revenueCurrency);
            RecoveryStep step = existing.steps.get(0);
            assertTrue(step.contactsCustomer, "steps planned before version 6 contact the customer");
            assertNull(step.notBefore);
            assertNull(step.escalatedTo);
            assertNull(step.requires);
            assertNull(step.closes);
            Purchase imported = new JdbcPurchaseStore(winback).purchases(customer, 0, 10).items.get(0);
            assertEquals("EUR", imported.currency, "in the customer's currency");
            assertNull(imported.transactionId);
        }
    }

    /** A customer written with the columns of version 1, for databases migrated only that far. */
    private static UUID insertCustomer(TestDatabase database) throws SQLException {
        UUID id = UUID.randomUUID();
        database.execute("INSERT INTO customers (id, external_id, source, name, currency, created_at, updated_at,"
                + " version) VALUES ('" + id + "', 'C-1', 'crm', 'Acme', 'EUR', TIMESTAMP WITH TIME ZONE"
                + " '2025-12-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2025-12-01 10:00:00+00', 1)");
        return id;
    }

    /**
     * A database made by the release of 2026-11-30 (core versions 1 to 8, with the detection tables in versions 5
     * and 6) upgrades: the core accepts what its earlier versions 5 and 6 did, the detect module's track finds its
     * tables there and keeps their rows.
     */
    @Test
    void aDatabaseOfTheNovember2026ReleaseUpgradesWithItsDetectionDataKept() throws SQLException {
        try (TestDatabase old = engine.open()) {
            new SchemaMigrations(old.dataSource(), releasedOn20261130()).migrate();
            WinbackDatabase winback = new WinbackDatabase(old.dataSource(), clock);
            // Today's stores write the columns of the detect track's version 2 as well: lend them for the insert.
            old.execute(DETECT_V2_COLUMNS.stream().map(c -> "ALTER TABLE " + c[0] + " ADD COLUMN " + c[1] + " " + c[2])
                    .toArray(String[]::new));
            DetectionRun run = DetectionRunStoreContract.run(
                    DetectionStatus.COMPLETED, DetectionRunStoreContract.STARTED);
            run.contactBlocked = 3;
            new JdbcDetectionRunStore(winback).insert(run);
            ImportJob job = ImportJobStoreContract.finished(ImportJobStoreContract.job(
                    ImportStatus.COMPLETED, DetectionRunStoreContract.STARTED));
            job.errors = List.of(new ImportRowError(7, "amount: 'twelve' is not a number"));
            new JdbcImportJobStore(winback).insert(job);
            old.execute(DETECT_V2_COLUMNS.stream().map(c -> "ALTER TABLE " + c[0] + " DROP COLUMN " + c[1])
                    .toArray(String[]::new));
            // What the rows of that release read as: run and job by no node, in their first attempt.
            run.node = null;
            job.node = null;

            winback.migrate();
            DetectSchema.apply(old.dataSource());
            winback.migrate();
            DetectSchema.apply(old.dataSource());

            assertEquals(LATEST_VERSION, winback.schemaVersion());
            assertEquals(DETECT_VERSION, moduleVersion(old, "detect"));
            assertEquals(Json.tree(run), Json.tree(new JdbcDetectionRunStore(winback).find(run.id).orElseThrow()));
            assertEquals(Json.tree(job), Json.tree(new JdbcImportJobStore(winback).find(job.id).orElseThrow()));
            assertEquals(LATEST_VERSION, countIn(old, "SELECT COUNT(*) FROM winback_schema_version"),
                    "the earlier versions 5 and 6 stay recorded as they were");
        }
    }

    /** A new database has no detection tables until the detect module's schema comes, and then all of them. */
    @Test
    void aNewDatabaseGetsTheDetectionTablesFromTheDetectModuleOnly() throws SQLException {
        try (TestDatabase fresh = engine.open()) {
            WinbackDatabase winback = new WinbackDatabase(fresh.dataSource(), clock);
            winback.migrate();
            for (String table : List.of("import_jobs", "import_errors", "detection_runs", "detection_run_rules",
                    "node_heartbeats")) {
                assertThrows(SQLException.class, () -> countIn(fresh, "SELECT COUNT(*) FROM " + table), table);
            }
            assertEquals(0, moduleVersion(fresh, "detect"));

            DetectSchema.apply(fresh.dataSource());

            for (String table : List.of("import_jobs", "import_errors", "detection_runs", "detection_run_rules",
                    "node_heartbeats")) {
                assertEquals(0, countIn(fresh, "SELECT COUNT(*) FROM " + table), table);
            }
            assertEquals(DETECT_VERSION, moduleVersion(fresh, "detect"));
            DetectionRun run = DetectionRunStoreContract.run(
                    DetectionStatus.COMPLETED, DetectionRunStoreContract.STARTED);
            new JdbcDetectionRunStore(winback).insert(run);
            assertEquals(0L, new JdbcDetectionRunStore(winback).find(run.id).orElseThrow().contactBlocked);
        }
    }

    @Test
    void aModuleScriptEditedAfterItWasAppliedIsRefusedAndTheTablesStay() throws SQLException {
        DetectSchema.apply(database.dataSource());
        database.execute("UPDATE winback_module_schema SET checksum = checksum + 1 WHERE module = 'detect'"
                + " AND version = 1");
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> DetectSchema.apply(database.dataSource()));

            assertTrue(refused.getMessage().contains("detect:V1__imports_and_detection_runs.sql"),
                    refused.getMessage());
            assertEquals(0, count("SELECT COUNT(*) FROM detection_runs"));
        } finally {
            database.execute("UPDATE winback_module_schema SET checksum = checksum - 1 WHERE module = 'detect'"
                    + " AND version = 1");
        }
    }

    @Test
    void aModuleTrackIsKeptApartFromOthersAndFromTheCore() throws SQLException {
        SchemaMigrations.Migration mine = new SchemaMigrations.Migration(1, "V1__notes.sql",
                () -> "CREATE TABLE other_module_notes (id INTEGER PRIMARY KEY)", Set.of());

        new SchemaMigrations(database.dataSource(), "other-module", List.of(mine)).migrate();
        new SchemaMigrations(database.dataSource(), "other-module", List.of(mine)).migrate();

        assertEquals(1, moduleVersion(database, "other-module"));
        assertEquals(DETECT_VERSION, moduleVersion(database, "detect"));
        assertEquals(LATEST_VERSION, db.schemaVersion());
        database.execute("DROP TABLE other_module_notes", "DELETE FROM winback_module_schema WHERE module ="
                + " 'other-module'");
    }

    /** The newest version of the detect module's track. */
    private static final int DETECT_VERSION = 3;
    /** The columns version 2 of the detect track adds: table, column, type. */
    private static final List<String[]> DETECT_V2_COLUMNS = List.of(
            new String[] {"import_jobs", "node", "VARCHAR(255)"}, new String[] {"import_jobs", "attempts", "INTEGER"},
            new String[] {"import_jobs", "server_file", "VARCHAR(4000)"},
            new String[] {"detection_runs", "node", "VARCHAR(255)"},
            new String[] {"detection_runs", "attempts", "INTEGER"});

    /** The core migrations as the release of 2026-11-30 shipped them. */
    private static List<SchemaMigrations.Migration> releasedOn20261130() {
        List<SchemaMigrations.Migration> released = new ArrayList<>();
        for (SchemaMigrations.Migration current : SchemaMigrations.MIGRATIONS.subList(0, 8)) {
            if (current.version() == 5 || current.version() == 6) {
                String name = current.version() == 5 ? "V5__purchases_imports_detection.sql" : "V6__casework.sql";
                released.add(new SchemaMigrations.Migration(current.version(), name,
                        () -> SchemaMigrations.load(SchemaContract.class.getClassLoader(), "db/released/" + name),
                        Set.of()));
            } else {
                released.add(current);
            }
        }
        return released;
    }

    private static int moduleVersion(TestDatabase database, String module) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            return SchemaMigrations.moduleVersion(c, module);
        }
    }

    private static long countIn(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            return Sql.queryLong(c, sql);
        }
    }

    @Test
    void refusesToRunWhenAnAppliedScriptWasEdited() throws SQLException {
        try (TestDatabase edited = engine.open()) {
            WinbackDatabase winback = new WinbackDatabase(edited.dataSource(), clock);
            winback.migrate();
            edited.execute("UPDATE winback_schema_version SET checksum = checksum + 1 WHERE version = 1");

            IllegalStateException refused = assertThrows(IllegalStateException.class, winback::migrate);

            assertTrue(refused.getMessage().contains("V1__customers_loss_reasons_cases.sql"), refused.getMessage());
        }
    }

    @Test
    void statusNamesTheProductAndTheSchemaVersion() {
        StoreStatus status = new JdbcStoreStatus(db);

        assertEquals(engine.product, status.databaseProduct());
        assertEquals(LATEST_VERSION, status.schemaVersion());
    }

    @Test
    void statusIsReachableWhenTheDatabaseAnswers() {
        assertTrue(new JdbcStoreStatus(db).isReachable());
    }

    /**
     * A pool hands the health check's connection to the next caller. The ping must leave no query timeout behind
     * on it: H2 keeps a statement's timeout on the whole session, which once cancelled a large import's publish
     * two seconds in, after a load balancer had polled /api/v1/health.
     */
    @Test
    void thePingLeavesNoQueryTimeoutOnAPooledConnection() throws SQLException {
        try (Connection pooled = db.dataSource().getConnection()) {
            Connection keptOpen = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) ->
                            method.getName().equals("close") ? null : method.invoke(pooled, args));
            javax.sql.DataSource poolOfOne = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) ->
                            method.getName().equals("getConnection") ? keptOpen : null);

            assertTrue(new JdbcStoreStatus(new WinbackDatabase(poolOfOne, clock)).isReachable());

            try (Statement next = pooled.createStatement()) {
                assertEquals(0, next.getQueryTimeout());
            }
        }
    }

    @Test
    void statusIsUnreachableWithoutADatabaseAndSaysSoQuickly() {
        StoreStatus status = new JdbcStoreStatus(new WinbackDatabase(engine.unreachable(), clock));

        long started = System.nanoTime();
        assertFalse(status.isReachable());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
    }

    private static void assertSeeded(Map<String, LossReason> reasons, String code, String label,
                                     LossCategory category, boolean controllable) {
        LossReason reason = reasons.get(code);
        assertEquals(label, reason.label, code);
        assertEquals(category, reason.category, code);
        assertEquals(controllable, reason.controllable, code);
    }
}
