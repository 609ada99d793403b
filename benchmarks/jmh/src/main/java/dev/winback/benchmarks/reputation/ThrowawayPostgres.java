package dev.winback.benchmarks.reputation;

import dev.winback.store.jdbc.WinbackDatabase;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of one benchmark trial, created on the PostgreSQL server of {@code winback.bench.pg.url} (user
 * {@code winback.bench.pg.user}, default postgres) with the core's schema and a module's, and dropped on close. The
 * module's scripts are read from its jar inside the benchmarks jar (or its classes folder). Any benchmark over a
 * module's tables can use it (the bounty recalculation benchmark has its own copy of these steps).
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private static final String PG_URL = System.getProperty("winback.bench.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");

    private final PGSimpleDataSource server;
    private final String name;
    private final PGSimpleDataSource dataSource;

    private ThrowawayPostgres(PGSimpleDataSource server, String name) {
        this.server = server;
        this.name = name;
        this.dataSource = dataSource(PG_URL.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1"));
    }

    /**
     * A new database with the core's migrations and those of {@code module} (its {@code db/<module>} scripts), or
     * the core's alone when {@code module} is null.
     */
    public static ThrowawayPostgres create(String module) throws Exception {
        PGSimpleDataSource server = dataSource(PG_URL);
        String name = "winback_bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        ThrowawayPostgres db = new ThrowawayPostgres(server, name);
        WinbackDatabase core = new WinbackDatabase(db.dataSource, Clock.systemUTC());
        core.migrate();
        if (module == null) {
            return db;
        }
        URI uri = ThrowawayPostgres.class.getClassLoader().getResource("db/" + module).toURI();
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                core.migrateModule(module, jar.getPath("db/" + module));
            }
        } else {
            core.migrateModule(module, Paths.get(uri));
        }
        return db;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        if (ds.getUser() == null) {
            ds.setUser(System.getProperty("winback.bench.pg.user", "postgres"));
        }
        return ds;
    }
}
