package dev.winback.store.jdbc;

import dev.winback.api.store.EventLogListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.LoggerFactory;

/**
 * The Winback schema on the {@code winback} DataSource. It migrates the schema when it activates; the stores
 * reference it, so SCR starts none of them before the schema is in place. Immediate, so that a failing migration
 * shows at startup rather than on the first request.
 *
 * <p>Registered under its own (private) class: it is a wiring point inside this bundle, not an API.
 */
@Component(service = WinbackDatabase.class, immediate = true)
public final class WinbackDatabase {
    private final DataSource dataSource;
    private final Clock clock;
    private final List<EventLogListener> listeners = new CopyOnWriteArrayList<>();
    /** Asked on first use: a DataSource does not change its database. */
    private volatile Dialect dialect;
    /**
     * Orders publishes of imports on H2, which has no ON CONFLICT: of two publishes storing the same fingerprint or
     * customer at once, one would wait for the other up to H2's lock timeout and then fail on the unique key. The
     * embedded database belongs to this JVM and SCR makes one instance of this component, which both the purchase
     * store and the import job store publish through, so the lock sees every publish.
     */
    private final ReentrantLock h2Publishes = new ReentrantLock();

    @Activate
    public WinbackDatabase(@Reference(target = "(osgi.jndi.service.name=winback)") DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public WinbackDatabase(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Activate
    void activate() {
        migrate();
        commitDurably();
    }

    /**
     * Embedded H2 keeps committed changes in memory for up to half a second before writing them to its file (its
     * WRITE_DELAY): a Karaf killed in that time would lose writes the API had already answered 201 to, which the
     * crash test saw. With no delay every commit is in the file (the operating system's, so it survives the process
     * though not the machine) before the API answers. The setting is kept in the database. PostgreSQL commits
     * durably as it is.
     */
    void commitDurably() {
        try (Connection c = dataSource.getConnection()) {
            if (Dialect.of(c) == Dialect.H2) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("SET WRITE_DELAY 0");
                }
            }
        } catch (SQLException e) {
            // A user without the right to change it: the data is still consistent, only the last writes are at risk.
            LoggerFactory.getLogger(WinbackDatabase.class).warn("Could not make H2 write each commit at once ({}):"
                    + " writes answered in the last second before a crash may be lost", e.getMessage());
        }
    }

    /** Brings the schema to the newest version; a no-op when it is there already. */
    public void migrate() {
        new SchemaMigrations(dataSource).migrate();
    }

    /**
     * Brings a module's own schema track up to date outside OSGi (tests, tools); inside Karaf {@link ModuleSchemas}
     * does this from the module bundle's header. The core schema must be migrated first.
     *
     * @param folder the folder of the module's scripts ({@code V<n>__<what>.sql}), such as its build output's
     *     {@code db/<module>}
     */
    public void migrateModule(String module, Path folder) {
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the scripts of module " + module + " in " + folder, e);
        }
        new SchemaMigrations(dataSource, module, ModuleSchemas.ordered(names, name -> {
            try {
                return Files.readString(folder.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read migration script " + folder.resolve(name), e);
            }
        })).migrate();
    }

    /** The schema version the database is at. */
    int schemaVersion() {
        return read("reading the schema version", SchemaMigrations::currentVersion);
    }

    /**
     * The time to stamp on a change, cut to microseconds: what both databases keep, so a stored and re-read
     * entity equals the one the store returned.
     */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    DataSource dataSource() {
        return dataSource;
    }

    Dialect dialect() {
        Dialect known = dialect;
        if (known == null) {
            known = read("finding out the database product", Dialect::of);
            dialect = known;
        }
        return known;
    }

    /** Runs {@code publish}, one import's publish, after every other publish on H2 (see {@link #h2Publishes}). */
    <T> T publishing(Supplier<T> publish) {
        if (dialect() == Dialect.POSTGRESQL) {
            return publish.get();
        }
        h2Publishes.lock();
        try {
            return publish.get();
        } finally {
            h2Publishes.unlock();
        }
    }

    /** Runs read-only work on a connection in auto-commit mode. */
    <T> T read(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw storageFailure(what, e);
        }
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws anything, so a change
     * and its audit entry are written together or not at all. Exceptions the work throws on purpose (the API's
     * conflicts and not-founds) pass unchanged; SQL errors become a storage failure.
     *
     * @param what what is being done, for the failure message, e.g. "creating a customer"
     */
    <T> T inTransaction(String what, SqlWork<T> work) {
        AuditWriter.EVENTS_WRITTEN.remove();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (AuditWriter.EVENTS_WRITTEN.get() != null) {
                    eventsCommitted();
                }
                return result;
            } catch (Throwable failure) {
                Sql.rollback(c, failure);
                throw failure;
            } finally {
                AuditWriter.EVENTS_WRITTEN.remove();
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw storageFailure(what, e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addEventLogListener(EventLogListener listener) {
        listeners.add(listener);
    }

    public void removeEventLogListener(EventLogListener listener) {
        listeners.remove(listener);
    }

    private void eventsCommitted() {
        for (EventLogListener listener : listeners) {
            try {
                listener.eventsCommitted();
            } catch (RuntimeException e) {
                // A shortcut only: the listener finds the events at its next look anyway.
                LoggerFactory.getLogger(WinbackDatabase.class).warn("An event log listener failed", e);
            }
        }
    }

    /**
     * Pooled connections should go back to the pool as they came out of it. A connection that cannot even do this
     * is broken; the outcome of the work stands, and closing the connection is all that is left.
     */
    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // see above
        }
    }

    /**
     * What callers see of an unexpected SQL error: a generic message, with the details kept in the cause for the
     * log. SQL and driver messages can name tables and values and are not meant for users.
     */
    static IllegalStateException storageFailure(String what, SQLException e) {
        return new IllegalStateException("Storage failure while " + what, e);
    }
}
