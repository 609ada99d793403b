package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several Karaf nodes share one PostgreSQL and may start at once; each migrates on activation. Only PostgreSQL:
 * the embedded H2 database belongs to a single node.
 */
class PostgresMigrationLockTest {

    @Test
    void nodesStartingTogetherMigrateOnce() throws Exception {
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try (TestDatabase database = Engine.POSTGRESQL.open()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Callable<Void> node = () -> {
                    start.await();
                    new WinbackDatabase(database.dataSource(), new TestClock()).migrate();
                    return null;
                };
                results.add(pool.submit(node));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get();
            }

            try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM winback_schema_version")) {
                rs.next();
                int migrations = SchemaMigrations.MIGRATIONS.size();
                assertEquals(migrations, rs.getInt(1));
                assertEquals(SchemaMigrations.MIGRATIONS.get(migrations - 1).version(), rs.getInt(2));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
