package dev.winback.systests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fresh databases on the machine's PostgreSQL (127.0.0.1:5432, user postgres, no password, as .ci/run sets it up)
 * for copies of the distribution, made with {@code psql} as an admin would. The JDBC driver is not needed here: the
 * copy brings its own.
 */
final class Postgres {
    static final String HOST = System.getProperty("winback.test.pg.host", "127.0.0.1");
    static final String PORT = System.getProperty("winback.test.pg.port", "5432");
    static final String USER = System.getProperty("winback.test.pg.user", "postgres");

    private Postgres() {
    }

    /** Creates {@code prefix_<epoch seconds>_<random>} and returns its name. */
    static String createDatabase(String prefix) throws IOException, InterruptedException {
        String name = prefix + "_" + (System.currentTimeMillis() / 1000) + "_"
                + Long.toHexString(Double.doubleToLongBits(Math.random()) & 0xffffffL);
        psql("CREATE DATABASE " + name);
        return name;
    }

    /** Drops the database, closing whatever sessions a killed copy left on it. */
    static void dropDatabase(String name) throws IOException, InterruptedException {
        psql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Points the copy's Winback datasource at {@code database}. */
    static void useFor(Distribution copy, String database) throws IOException {
        String cfg = "etc/org.ops4j.datasource-winback.cfg";
        copy.set(cfg, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver");
        copy.set(cfg, "url", "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database);
        copy.set(cfg, "user", USER);
        copy.set(cfg, "password", "");
    }

    /** The rows {@code sql} returns in {@code database}, one line each, columns separated by '|'. */
    static List<String> query(String database, String sql) throws IOException, InterruptedException {
        return psql(database, sql, "-At").lines().toList();
    }

    private static void psql(String sql) throws IOException, InterruptedException {
        psql("postgres", sql, "-q");
    }

    private static String psql(String database, String sql, String flags) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("psql", "-h", HOST, "-p", PORT, "-U", USER, "-d", database,
                "-v", "ON_ERROR_STOP=1", flags, "-c", sql)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("psql -c '" + sql + "' failed (is PostgreSQL running? .ci/run starts it): " + output);
        }
        return output;
    }
}
