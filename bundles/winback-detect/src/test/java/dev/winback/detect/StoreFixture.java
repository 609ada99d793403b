package dev.winback.detect;

import dev.winback.api.Actor;
import dev.winback.store.jdbc.JdbcCaseStore;
import dev.winback.store.jdbc.JdbcCustomerStore;
import dev.winback.store.jdbc.JdbcDetectionRunStore;
import dev.winback.store.jdbc.JdbcImportJobStore;
import dev.winback.store.jdbc.JdbcLossReasonStore;
import dev.winback.store.jdbc.JdbcPurchaseStore;
import dev.winback.store.jdbc.WinbackDatabase;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The real JDBC stores on a private in-memory H2 database, migrated to the newest schema with this module's. */
public final class StoreFixture {
    public static final Actor ADMIN = new Actor("admin", Set.of(Actor.ROLE_ADMIN));
    public static final Actor MANAGER = new Actor("manager", Set.of(Actor.ROLE_MANAGER));
    public static final Actor REP = new Actor("rep1", Set.of(Actor.ROLE_REP));
    public static final Actor OUTSIDER = new Actor("viewer", Set.of("viewer"));

    /** The database itself, for module stores that work on it directly (as those of this module do). */
    public final JdbcDataSource dataSource;
    public final WinbackDatabase db;
    public final JdbcCustomerStore customers;
    public final JdbcLossReasonStore lossReasons;
    public final JdbcCaseStore cases;
    public final JdbcPurchaseStore purchases;
    public final JdbcImportJobStore jobs;
    public final JdbcDetectionRunStore runs;

    public StoreFixture() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:detect_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource = ds;
        db = new WinbackDatabase(ds, Clock.systemUTC());
        db.migrate();
        db.migrateModule("detect", scriptFolder());
        customers = new JdbcCustomerStore(db);
        lossReasons = new JdbcLossReasonStore(db);
        cases = new JdbcCaseStore(db);
        purchases = new JdbcPurchaseStore(db);
        jobs = new JdbcImportJobStore(db);
        runs = new JdbcDetectionRunStore(db);
    }

    /** This module's schema scripts (its build output), which the store applies from the bundle inside Karaf. */
    static Path scriptFolder() {
        try {
            return Paths.get(StoreFixture.class.getResource("/db/detect").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot find this module's schema scripts", e);
        }
    }
}
