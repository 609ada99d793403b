package dev.winback.store.jdbc;

import dev.winback.api.store.StoreStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Storage facts for the health endpoint. */
@Component(service = StoreStatus.class)
public final class JdbcStoreStatus implements StoreStatus {
    /** Seconds a health check may wait for the database; a slower answer means "not reachable" to a load balancer. */
    private static final int PING_TIMEOUT_SECONDS = 2;

    private final WinbackDatabase db;
    /** The product cannot change under a DataSource, so it is asked once, on first use. */
    private volatile String product;

    @Activate
    public JdbcStoreStatus(@Reference WinbackDatabase db) {
        this.db = db;
    }

    @Override
    public String databaseProduct() {
        String known = product;
        if (known == null) {
            known = db.read("reading the database product",
                    c -> displayName(c.getMetaData().getDatabaseProductName()));
            product = known;
        }
        return known;
    }

    @Override
    public int schemaVersion() {
        return db.schemaVersion();
    }

    /** Never throws: a health check wants a yes or no. */
    @Override
    public boolean isReachable() {
        // isValid rather than a statement with a query timeout: H2 keeps a statement's timeout on the session, and
        // the pool hands this connection on, so every later statement on it would be cancelled after that long.
        try (Connection c = db.dataSource().getConnection()) {
            return c.isValid(PING_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Drivers report e.g. "H2" and "PostgreSQL" already; others pass through as they are. */
    static String displayName(String productName) {
        String lower = productName.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgres")) {
            return "PostgreSQL";
        }
        if (lower.equals("h2")) {
            return "H2";
        }
        return productName;
    }
}
