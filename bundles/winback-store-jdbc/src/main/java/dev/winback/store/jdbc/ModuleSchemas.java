package dev.winback.store.jdbc;

import dev.winback.api.store.ModuleSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations of module bundles (manifest header {@value ModuleSchema#HEADER}) when they start, and
 * registers a {@link ModuleSchema} for each once its tables are in place; the registration goes away when the
 * bundle stops, the tables and their data stay. Migrating runs on a thread of its own: a bundle listener must not
 * hold up the framework for the time a script takes.
 *
 * <p>A module whose scripts fail gets no {@link ModuleSchema}, so its components stay unsatisfied and say so in
 * {@code scr:info}; the log names the script and the database's answer.
 */
@Component(immediate = true)
// Registered by hand, not by DS: say so, so that the resolver knows who satisfies the modules' references to it.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=dev.winback.api.store.ModuleSchema",
        uses = ModuleSchema.class)
public final class ModuleSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleSchemas.class);
    private static final Pattern MODULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern SCRIPT = Pattern.compile("V([1-9][0-9]{0,8})__[A-Za-z0-9_]+\\.sql");

    private final WinbackDatabase db;
    private final BundleContext context;
    private final ExecutorService migrator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "winback-module-schemas");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by itself; touched on the migrator thread and the tracker's. */
    private final Map<Long, ServiceRegistration<ModuleSchema>> registered = new HashMap<>();
    /** Set under the lock of {@link #registered} when deactivated: a migration still running registers nothing. */
    private boolean closed;
    private final BundleTracker<Declared> tracker;

    @Activate
    public ModuleSchemas(@Reference WinbackDatabase db, BundleContext context) {
        this.db = db;
        this.context = context;
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public Declared addingBundle(Bundle bundle, BundleEvent event) {
                Optional<Declared> declared = declared(bundle);
                declared.ifPresent(d -> migrator.execute(() -> migrateAndRegister(bundle, d)));
                return declared.orElse(null);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Declared declared) {
                migrator.execute(() -> unregister(bundle));
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        tracker.close();
        migrator.shutdown();
        migrator.awaitTermination(30, TimeUnit.SECONDS);
        synchronized (registered) {
            closed = true;
            registered.values().forEach(ModuleSchemas::unregisterQuietly);
            registered.clear();
        }
    }

    private void migrateAndRegister(Bundle bundle, Declared declared) {
        if ((bundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return; // stopped again before its turn came
        }
        int version;
        try {
            List<SchemaMigrations.Migration> migrations = migrations(bundle, declared);
            new SchemaMigrations(db.dataSource(), declared.module(), migrations).migrate();
            version = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        } catch (RuntimeException e) {
            LOG.error("The schema of module {} (bundle {}) could not be brought up to date; its components stay"
                    + " stopped until this is fixed", declared.module(), bundle.getSymbolicName(), e);
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ModuleSchema.PROPERTY, declared.module());
        properties.put("winback.schema.version", version);
        int applied = version;
        synchronized (registered) {
            if (closed) {
                return;
            }
            register(bundle, declared, properties, applied);
        }
        LOG.info("Schema of module {} is at version {}", declared.module(), version);
    }

    /** Called under the lock of {@link #registered}. */
    private void register(Bundle bundle, Declared declared, Dictionary<String, Object> properties, int applied) {
        ServiceRegistration<ModuleSchema> registration = context.registerService(ModuleSchema.class,
                new ModuleSchema() {
                    @Override
                    public String module() {
                        return declared.module();
                    }

                    @Override
                    public int version() {
                        return applied;
                    }
                }, properties);
        ServiceRegistration<ModuleSchema> before = registered.put(bundle.getBundleId(), registration);
        if (before != null) {
            unregisterQuietly(before);
        }
    }

    private void unregister(Bundle bundle) {
        synchronized (registered) {
            ServiceRegistration<ModuleSchema> registration = registered.remove(bundle.getBundleId());
            if (registration != null) {
                unregisterQuietly(registration);
            }
        }
    }

    private static void unregisterQuietly(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the framework
        }
    }

    /** The module a bundle declares, if its header is there and well-formed; a bad header is logged and ignored. */
    static Optional<Declared> declared(Bundle bundle) {
        String header = bundle.getHeaders("").get(ModuleSchema.HEADER);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Optional<Declared> parsed = parse(header);
        if (parsed.isEmpty()) {
            LOG.error("Bundle {} has a malformed {} header '{}'; expected <module>;path=<folder>, the module a"
                    + " lower-case name", bundle.getSymbolicName(), ModuleSchema.HEADER, header);
        }
        return parsed;
    }

    /** {@code <module>;path=<folder>}, the folder defaulting to {@code db/<module>}. */
    static Optional<Declared> parse(String header) {
        String[] parts = header.split(";");
        String module = parts[0].strip();
        if (!MODULE_NAME.matcher(module).matches()) {
            return Optional.empty();
        }
        String path = "db/" + module;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                return Optional.empty();
            }
            String key = kv[0].strip();
            String value = kv[1].strip().replaceAll("^\"|\"$", "").replaceAll("^/+|/+$", "");
            if (!key.equals("path") || value.isEmpty()) {
                return Optional.empty();
            }
            path = value;
        }
        return Optional.of(new Declared(module, path));
    }

    /** The bundle's scripts in version order; two scripts with one version are an error of the module. */
    private static List<SchemaMigrations.Migration> migrations(Bundle bundle, Declared declared) {
        Enumeration<URL> entries = bundle.findEntries(declared.path(), "*.sql", false);
        List<String> names = new ArrayList<>();
        Map<String, URL> urls = new HashMap<>();
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            names.add(name);
            urls.put(name, url);
        }
        return ordered(names, name -> read(urls.get(name)));
    }

    /** Scripts named {@code V<n>__<what>.sql}, sorted by n; anything else in the folder is refused. */
    static List<SchemaMigrations.Migration> ordered(List<String> names,
            Function<String, String> text) {
        Map<Integer, String> byVersion = new TreeMap<>();
        for (String name : names) {
            Matcher m = SCRIPT.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("Migration script " + name + " is not named V<n>__<what>.sql");
            }
            String before = byVersion.put(Integer.parseInt(m.group(1)), name);
            if (before != null) {
                throw new IllegalStateException("Migration scripts " + before + " and " + name
                        + " have the same version");
            }
        }
        List<SchemaMigrations.Migration> migrations = new ArrayList<>();
        byVersion.forEach((version, name) -> migrations.add(new SchemaMigrations.Migration(version, name,
                () -> text.apply(name), Set.of())));
        return migrations;
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read migration script " + url, e);
        }
    }

    /** What a bundle's header says. */
    record Declared(String module, String path) {
    }
}
