package dev.winback.benchmarks.detect;

import dev.winback.benchmarks.reputation.ThrowawayPostgres;
import dev.winback.store.jdbc.JdbcPurchaseStore;
import dev.winback.store.jdbc.WinbackDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 13, point 6: reading the purchase histories a detection run reads (twice: to fit, to score) right after heavy
 * case traffic. {@code customers} customers with three purchase days each; before every measured read,
 * {@code openCases} open cases are written one transaction each, as the API writes them: {@code hotCases} of them for
 * one customer (a manager opening parallel cases, or a load test hammering one customer), the rest for distinct
 * customers. On H2 that skew once made the first run after the writes take 40 to 76 s; this measures exactly that
 * first read, on H2 (a file database as the distribution uses) and on PostgreSQL.
 *
 * <pre>java -jar benchmarks/jmh/target/winback-benchmarks.jar HistoriesAfterCaseTraffic</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class HistoriesAfterCaseTrafficBenchmark {
    private static final LocalDate UNTIL = LocalDate.of(2026, 6, 30);

    @Param({"h2", "postgresql"})
    public String database;

    @Param("100000")
    public int customers;

    @Param("50000")
    public int openCases;

    @Param("12000")
    public int hotCases;

    private Path h2Directory;
    private ThrowawayPostgres postgres;
    private DataSource dataSource;
    private JdbcPurchaseStore purchases;
    private UUID[] ids;

    @Setup(Level.Trial)
    public void load() throws Exception {
        if (database.equals("h2")) {
            h2Directory = Files.createTempDirectory("winback-bench-h2");
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + h2Directory.resolve("db"));
            h2.setUser("sa");
            dataSource = h2;
        } else {
            postgres = ThrowawayPostgres.create(null);
            dataSource = postgres.dataSource();
        }
        WinbackDatabase db = new WinbackDatabase(dataSource, Clock.systemUTC());
        db.migrate();
        purchases = new JdbcPurchaseStore(db);
        ids = new UUID[customers];
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement customer = c.prepareStatement("INSERT INTO customers (id, external_id, source, "
                    + "name, owner_rep, created_at, updated_at, version) VALUES (?, ?, 'bench', ?, 'rep1', ?, ?, 1)");
                    PreparedStatement purchase = c.prepareStatement("INSERT INTO purchases (customer_id, "
                            + "purchased_on, amount, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < customers; i++) {
                    ids[i] = UUID.nameUUIDFromBytes(("customer-" + i).getBytes());
                    customer.setObject(1, ids[i]);
                    customer.setString(2, "C-" + i);
                    customer.setString(3, "Customer " + i);
                    customer.setTimestamp(4, now);
                    customer.setTimestamp(5, now);
                    customer.addBatch();
                    for (int d = 0; d < 3; d++) {
                        purchase.setObject(1, ids[i]);
                        purchase.setObject(2, LocalDate.of(2024, 1, 1).plusDays((i * 7L + d * 97L) % 900));
                        purchase.setBigDecimal(3, java.math.BigDecimal.valueOf(10 + i % 90));
                        purchase.setString(4, "f-" + i + "-" + d);
                        purchase.setTimestamp(5, now);
                        purchase.addBatch();
                    }
                    if (i % 1000 == 999) {
                        customer.executeBatch();
                        purchase.executeBatch();
                        c.commit();
                    }
                }
                customer.executeBatch();
                purchase.executeBatch();
                c.commit();
            }
            c.setAutoCommit(true);
            if (postgres != null) {
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE customers");
                    s.execute("VACUUM ANALYZE purchases");
                }
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
            }
        }
    }

    /** The case traffic: gone are the last iteration's cases, then the new ones, one commit each. */
    @Setup(Level.Iteration)
    public void caseTraffic() throws SQLException {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM recovery_cases");
            }
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO recovery_cases (id, customer_id, "
                    + "loss_kind, loss_reason, owner_rep, status, opened_by, created_at, updated_at, version) "
                    + "VALUES (?, ?, 'LAPSED', 'price', 'rep1', 'OPEN', 'manager', ?, ?, 1)")) {
                for (int i = 0; i < openCases; i++) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, i < hotCases ? ids[0] : ids[1 + (i - hotCases) % (customers - 1)]);
                    insert.setTimestamp(3, now);
                    insert.setTimestamp(4, now);
                    insert.executeUpdate();
                }
            }
        }
    }

    @Benchmark
    public long firstReadAfterTheTraffic() {
        LongAdder read = new LongAdder();
        LongAdder open = new LongAdder();
        purchases.histories(UNTIL, h -> {
            read.increment();
            if (h.openCase()) {
                open.increment();
            }
        });
        long expectedOpen = Math.min(customers, 1 + (openCases - hotCases));
        if (read.sum() != customers || open.sum() != expectedOpen) {
            throw new IllegalStateException(read.sum() + " histories, " + open.sum() + " with an open case; expected "
                    + customers + " and " + expectedOpen);
        }
        return read.sum();
    }

    @TearDown(Level.Trial)
    public void drop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
        if (h2Directory != null) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            try (Stream<Path> files = Files.walk(h2Directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
