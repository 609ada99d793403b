package dev.winback.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureSecurity;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.ProbeBuilder;
import org.ops4j.pax.exam.TestProbeBuilder;
import org.ops4j.pax.exam.container.remote.RBCRemoteTargetOptions;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Base of the Pax Exam tests: boots the Winback distribution (the tar.gz this build made) in a Karaf container and
 * talks to it over real HTTP.
 *
 * <p>{@link #config()} runs in the driver JVM (Maven's); the test methods run inside the container. Subclasses choose
 * the database by overriding {@link #databaseOptions()}: embedded H2 under the container's data/ (default),
 * {@link #h2DatabaseAt(File)} for a database file that outlives the container (restart tests with
 * {@code @ExamReactorStrategy(PerMethod.class)}), or {@link #postgresDatabase()} for a fresh PostgreSQL database.
 *
 * <pre>{@code
 * @Test
 * public void managerCreatesCustomer() {
 *     ObjectNode body = json().put("externalId", "C-1").put("source", "crm").put("name", "Acme");
 *     ApiResponse created = post("/api/v1/customers", MANAGER, body).assertStatus(201);
 *     String id = created.json().path("id").asText();
 *     assertEquals("Acme", get("/api/v1/customers/" + id, REP1).assertStatus(200).json().path("name").asText());
 * }
 * }</pre>
 */
public abstract class WinbackTestSupport {

    /** A user of the distribution's etc/users.properties (admin's password is set by {@link #config()}). */
    public record User(String name, String password) {
    }

    public static final User ADMIN = new User("admin", "admin");
    public static final User MANAGER = new User("manager", "manager");
    public static final User REP1 = new User("rep1", "rep1");
    public static final User REP2 = new User("rep2", "rep2");

    /** The configuration file that decides the database. */
    protected static final String DATASOURCE_CFG = "etc/org.ops4j.datasource-winback.cfg";

    /** Bundles that make up Winback (symbolic names). */
    protected static final List<String> WINBACK_BUNDLES =
            List.of("winback-api", "winback-store-jdbc", "winback-core", "winback-rest");

    private static final String PORT_PROPERTY = "winback.itest.port";
    /** Path of the CDNOW sample (shared/data/cdnow/CDNOW_sample.txt), in the driver and in the container. */
    protected static final String CDNOW_PROPERTY = "winback.itest.cdnow";
    private static final Duration HEALTH_TIMEOUT =
            Duration.ofSeconds(Long.getLong("winback.itest.healthTimeoutSeconds", 180));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Per container: the API answered /health with 200 once; later tests need not wait again. */
    private static volatile boolean apiReady;

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    /** Injected once Karaf has installed every boot feature, so tests never see a half-booted container. */
    @Inject
    protected BootFinished bootFinished;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // ------------------------------------------------------------------------------------------------------------
    // Configuration (driver JVM)

    /**
     * The container's configuration: the distribution, then {@link #databaseOptions()}, then {@link #extraOptions()}.
     * Final because Pax Exam only sees a method that itself carries {@code @Configuration}: an override without the
     * annotation would make the class run no test at all, silently.
     */
    @Configuration
    public final Option[] config() {
        List<Option> options = new ArrayList<>(baseOptions());
        options.addAll(Arrays.asList(databaseOptions()));
        options.addAll(Arrays.asList(extraOptions()));
        return options.toArray(new Option[0]);
    }

    /** The database the container uses; the default keeps the distribution's embedded H2 under data/. */
    protected Option[] databaseOptions() {
        return new Option[0];
    }

    /** More options for one test class (extra users, configuration edits, ...); runs in the driver JVM. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    @ProbeBuilder
    public TestProbeBuilder probeConfiguration(TestProbeBuilder probe) {
        // The probe sees whatever the container exports (Jackson, Karaf features, ...).
        probe.setHeader(Constants.DYNAMICIMPORT_PACKAGE, "*");
        return probe;
    }

    private List<Option> baseOptions() {
        String karafVersion = requiredProperty("karaf.version");
        // The configured port, or the next free one when something else (another Karaf) listens there: a test that
        // talked to someone else's server would pass or fail on data it never made.
        int configured = Integer.parseInt(System.getProperty(PORT_PROPERTY, "18181"));
        String httpPort = Integer.toString(freePort(configured, configured + 99));
        System.setProperty(PORT_PROPERTY, httpPort);
        // Off Karaf's defaults (8101, 1099, 44444), so a developer's running Winback does not clash.
        String sshPort = Integer.toString(freePort(18102, 18199));
        String rmiRegistryPort = Integer.toString(freePort(11100, 11199));
        String rmiServerPort = Integer.toString(freePort(44445, 44544));
        File target = targetDirectory();
        cleanUnpackDirectoryOnce(new File(target, "exam"));

        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(distributionUrl())
                        .karafVersion(karafVersion)
                        .name("Winback")
                        .unpackDirectory(new File(target, "exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                configureSecurity().disableKarafMBeanServerBuilder(),
                logLevel(LogLevel.INFO),
                systemTimeout(300_000),
                RBCRemoteTargetOptions.waitForRBCFor(300_000),

                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                // The distribution ships admin with the digest of a secret nobody knows; set its first password the
                // way the README says (in clear text; Karaf stores its digest when it starts).
                editConfigurationFilePut("etc/users.properties", ADMIN.name(),
                        ADMIN.password() + ",_g_:admingroup,winback-admin"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", sshPort),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", rmiRegistryPort),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", rmiServerPort),
                // what the tests inside the container need to know
                editConfigurationFilePut("etc/system.properties", PORT_PROPERTY, httpPort),
                editConfigurationFilePut("etc/system.properties", "winback.itest.sshPort", sshPort),
                editConfigurationFilePut("etc/system.properties", CDNOW_PROPERTY,
                        new File(requiredProperty(CDNOW_PROPERTY)).getAbsolutePath()),
                // @Inject waits this long for BootFinished and the other services (Pax Exam's default is 10 s)
                editConfigurationFilePut("etc/system.properties", "pax.exam.service.timeout", "300000"),

                // What bin/karaf passes on Java 17; without it: NoClassDefFoundError OsgiLocator.
                vm("--add-reads=java.xml=java.logging"),
                vm("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vm("--patch-module"), vm("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
                vm("--patch-module"), vm("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
                vm("--add-opens"), vm("java.base/java.security=ALL-UNNAMED"),
                vm("--add-opens"), vm("java.base/java.net=ALL-UNNAMED"),
                vm("--add-opens"), vm("java.base/java.lang=ALL-UNNAMED"),
                vm("--add-opens"), vm("java.base/java.util=ALL-UNNAMED"),
                vm("--add-opens"), vm("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vm("--add-opens"), vm("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vm("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vm("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
                vm("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vm("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vm("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vm("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                vm("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                vm("-classpath"), vm("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
                // A jar nested in the Aries javax.ws.rs API bundle trips JDK 17.0.15's zip64 check (bin/setenv sets
                // the same for the distribution).
                vm("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                vm("-Xmx768m")));

        if (!"false".equals(System.getProperty("winback.itest.keepRuntime"))) {
            // target/exam/<uuid>/ (data/log/karaf.log) stays for a post-mortem; about 130 MB a container
            options.add(keepRuntimeFolder());
        }
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (localRepository != null && !localRepository.isBlank()) {
            // the container fetches Pax Exam's own bundles from the same local repository as Maven
            options.add(editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.localRepository", localRepository));
        }
        return options;
    }

    /**
     * Points the container's H2 database at {@code database} (a path without the .mv.db suffix), outside the
     * container, so that the next container of the same test class finds the same data: with
     * {@code @ExamReactorStrategy(PerMethod.class)} every test method is a fresh Karaf on the same database.
     */
    protected static Option h2DatabaseAt(File database) {
        return editConfigurationFilePut(DATASOURCE_CFG, "url",
                "jdbc:h2:file:" + database.getAbsolutePath().replace('\\', '/'));
    }

    /**
     * A database location under target/it-db/ owned by {@code testClass}. It is emptied the first time a class asks
     * for it in this JVM, so a run starts from an empty database while the methods of one run share it.
     */
    protected static synchronized File sharedH2Database(Class<?> testClass) {
        File directory = new File(targetDirectory(), "it-db/" + testClass.getSimpleName());
        if (PREPARED_DATABASES.add(testClass.getName())) {
            deleteRecursively(directory.toPath());
        }
        directory.mkdirs();
        return new File(directory, "db");
    }

    private static final Set<String> PREPARED_DATABASES = Collections.synchronizedSet(new HashSet<>());

    private static boolean unpackDirectoryCleaned;

    /** Containers kept from earlier runs go at the start of a run (config() of the first class in this JVM). */
    private static synchronized void cleanUnpackDirectoryOnce(File directory) {
        if (!unpackDirectoryCleaned) {
            unpackDirectoryCleaned = true;
            deleteRecursively(directory.toPath());
        }
    }

    /**
     * Creates a fresh PostgreSQL database (winback_it_&lt;epoch seconds&gt;_&lt;random&gt;) on the server of
     * {@code winback.test.pg.url} and points the container at it. Runs before the container starts. The database is
     * dropped when the test JVM exits (unless {@code -Dwinback.itest.keepDatabase=true}); databases that earlier runs
     * left behind (older than an hour, nobody connected) are dropped too.
     */
    protected static Option[] postgresDatabase() {
        String adminUrl = System.getProperty("winback.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = System.getProperty("winback.test.pg.user", "postgres");
        String password = System.getProperty("winback.test.pg.password", "");
        String name = "winback_it_" + (System.currentTimeMillis() / 1000) + "_" + randomSuffix();
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            dropStaleDatabases(s);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database on " + adminUrl + " as " + user
                    + " (is PostgreSQL running? .ci/run starts it): " + e.getMessage(), e);
        }
        if (!Boolean.getBoolean("winback.itest.keepDatabase")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(adminUrl, user, password, name)));
        }
        String url = adminUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
        return new Option[] {
            editConfigurationFilePut(DATASOURCE_CFG, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
            editConfigurationFilePut(DATASOURCE_CFG, "url", url),
            editConfigurationFilePut(DATASOURCE_CFG, "user", user),
            editConfigurationFilePut(DATASOURCE_CFG, "password", password),
        };
    }

    private static void dropStaleDatabases(Statement s) throws SQLException {
        long hourAgo = System.currentTimeMillis() / 1000 - 3_600;
        List<String> stale = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'winback\\_it\\_%'")) {
            while (rs.next()) {
                String[] parts = rs.getString(1).split("_");
                if (parts.length == 4 && parts[2].matches("\\d+") && Long.parseLong(parts[2]) < hourAgo) {
                    stale.add(rs.getString(1));
                }
            }
        }
        for (String db : stale) {
            try {
                s.execute("DROP DATABASE IF EXISTS " + db);
            } catch (SQLException inUse) {
                // someone still uses it; leave it
            }
        }
    }

    private static void dropDatabase(String adminUrl, String user, String password, String name) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static String distributionUrl() {
        String file = System.getProperty("winback.itest.distribution");
        if (file == null || file.isBlank() || file.startsWith("${")) {
            // run outside Maven (an IDE): the reactor's build output
            File dir = new File("../karaf-assembly/target");
            File[] archives = dir.listFiles((d, n) -> n.startsWith("winback-karaf-assembly-") && n.endsWith(".tar.gz"));
            if (archives == null || archives.length == 0) {
                throw new IllegalStateException("No distribution: build karaf-assembly first (mvn install -pl karaf-assembly -am)");
            }
            return archives[0].toURI().toString();
        }
        File archive = new File(file);
        if (!archive.isFile()) {
            throw new IllegalStateException("Distribution not found: " + archive);
        }
        return archive.toURI().toString();
    }

    private static File targetDirectory() {
        return new File(System.getProperty("winback.itest.target", "target")).getAbsoluteFile();
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set (failsafe sets it)");
        }
        return value;
    }

    private static VMOption vm(String option) {
        return new VMOption(option);
    }

    private static int freePort(int from, int to) {
        for (int port = from; port <= to; port++) {
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IllegalStateException("No free port in " + from + ".." + to);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot delete " + root, e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // In the container

    /** A path of each resource of the module features that bring REST resources, to see they are served. */
    private static final Map<String, List<String>> MODULE_PROBES = Map.of(
            "winback-detect", List.of("/api/v1/imports?size=1", "/api/v1/detection/runs?size=1",
                    "/api/v1/customers/00000000-0000-0000-0000-000000000000/score"),
            "winback-webhooks", List.of("/api/v1/webhooks", "/api/v1/hooks"),
            "winback-reputation", List.of("/api/v1/surveys/invitations?size=1", "/api/v1/surveys/responses?size=1",
                    "/api/v1/reputation/customers/00000000-0000-0000-0000-000000000000",
                    "/api/v1/reputation/summary", "/api/v1/improvements?size=1", "/api/v1/whys?size=1"));

    /**
     * The first installed module whose resources the JAX-RS runtime does not serve yet, as text; null when all are.
     * Each resource a module registers rebuilds the application, which answers "No service was found" meanwhile;
     * before that, on a slow machine, the path is simply not served yet.
     */
    private String unsettledModule() {
        for (Map.Entry<String, List<String>> probe : MODULE_PROBES.entrySet()) {
            boolean installed;
            try {
                org.apache.karaf.features.Feature feature = featuresService.getFeature(probe.getKey());
                installed = feature != null && featuresService.isInstalled(feature);
            } catch (Exception e) {
                installed = false;
            }
            for (String path : installed ? probe.getValue() : List.<String>of()) {
                ApiResponse answer = get(path, ADMIN);
                // Until the module's resource is in the application, its path is either CXF's "No service was
                // found" (application being rebuilt) or the API's own 404 for a path nothing serves.
                if (answer.body().contains("No service was found")
                        || answer.status() == 404 && answer.body().contains("There is nothing at")) {
                    return probe.getKey() + " not served yet: " + answer;
                }
            }
        }
        return null;
    }

    /**
     * Waits (bounded) until the API answers /api/v1/health with 200 and serves the installed modules' resources,
     * once per container.
     */
    @Before
    public void awaitApiReady() throws InterruptedException {
        if (apiReady) {
            return;
        }
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                ApiResponse health = get("/api/v1/health");
                if (health.status() == 200) {
                    String unsettled = unsettledModule();
                    if (unsettled == null) {
                        apiReady = true;
                        return;
                    }
                    last = unsettled;
                } else {
                    last = health.toString();
                }
            } catch (RuntimeException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        fail("Winback did not answer GET /api/v1/health with 200 within " + HEALTH_TIMEOUT.toSeconds() + " s; last: "
                + last + ". Bundles not active: " + inactiveBundles()
                + ". See target/exam/<uuid>/data/log/karaf.log");
    }

    /** Base URI of the container's HTTP server. */
    /**
     * Driver side: a feature repository with one feature, {@code feature}, holding the jar named by the system
     * property {@code jarProperty} (an example built against winback-api only), as an integrator would publish it.
     * The container finds the repository's URI in its system property {@code repositoryProperty}.
     */
    protected static Option exampleFeatureRepository(String jarProperty, String feature, String repositoryProperty) {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException(jarProperty + " does not name the example's jar: " + jar);
        }
        File repository = new File(System.getProperty("winback.itest.target", "target"), feature + "-features.xml");
        String xml = "<features name=\"" + feature + "-repository\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"" + feature + "\" version=\"1.0.0\">\n"
                + "    <feature>winback-api</feature>\n"
                + "    <bundle>" + new File(jar).getAbsoluteFile().toURI() + "</bundle>\n"
                + "  </feature>\n</features>\n";
        try {
            Files.writeString(repository.toPath(), xml);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + repository, e);
        }
        return editConfigurationFilePut("etc/system.properties", repositoryProperty,
                repository.getAbsoluteFile().toURI().toString());
    }

    /** Waits up to {@code within} until {@code done}; fails naming {@code what} and {@code state} otherwise. */
    protected static void await(String what, Duration within, java.util.function.BooleanSupplier done,
            java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + within.toSeconds() + " s: " + what + "; " + state.get());
            }
            Thread.sleep(100);
        }
    }

    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(30);

    /** What a command printed, on each stream, and its exit status if the server sent one. */
    protected record Shell(String command, String out, String err, Integer exit) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return command + " -> exit " + exit + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    /** Runs one command as the demo admin over SSH, keeping stdout and stderr apart. */
    protected static Shell run(String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        // The test container makes a new host key on every boot; nothing to pin.
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession session = client.connect("admin", "127.0.0.1",
                Integer.getInteger("winback.itest.sshPort", 8101)).verify(SSH_TIMEOUT).getSession()) {
            session.addPasswordIdentity("admin");
            session.auth().verify(SSH_TIMEOUT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(SSH_TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), SSH_TIMEOUT);
                return new Shell(command, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                        channel.getExitStatus());
            }
        } finally {
            client.stop();
        }
    }

    /** Whether the OpenAPI document has the parts of the modules the distribution boots. */
    protected static boolean everyModuleIn(JsonNode document) {
        return document.get("paths").has("/imports/transactions") && document.get("paths").has("/webhooks")
                && document.get("paths").has("/hooks/{source}") && document.get("paths").has("/bounties")
                && document.get("paths").has("/reputation/summary");
    }

    /** The OpenAPI document once it answers 200 and satisfies {@code settled}, within a minute. */
    protected JsonNode openApiOnce(java.util.function.Predicate<JsonNode> settled) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        ApiResponse last = null;
        while (System.nanoTime() < deadline) {
            last = get("/api/v1/openapi.json");
            if (last.status() == 200 && settled.test(last.json())) {
                return last.json();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("openapi.json did not settle within a minute; last answer " + last);
    }

    protected URI baseUri() {
        return URI.create("http://127.0.0.1:" + System.getProperty(PORT_PROPERTY, "18181"));
    }

    protected ApiResponse get(String path) {
        return request("GET", path, null, null, Map.of());
    }

    protected ApiResponse get(String path, User user) {
        return request("GET", path, user, null, Map.of());
    }

    protected ApiResponse post(String path, User user, Object body) {
        return request("POST", path, user, body, Map.of());
    }

    protected ApiResponse put(String path, User user, Object body) {
        return request("PUT", path, user, body, Map.of());
    }

    /** The strong ETag of an answer. */
    protected static String etag(ApiResponse response) {
        return response.header("ETag").orElseThrow(() -> new AssertionError("no ETag on " + response));
    }

    /** A PUT with the ETag of a GET of the same path just before, as a careful client sends it. */
    protected ApiResponse putCurrent(String path, User user, Object body) {
        ApiResponse current = get(path, user).assertStatus(200);
        return request("PUT", path, user, body, Map.of("If-Match", etag(current)));
    }

    protected ApiResponse delete(String path, User user) {
        return request("DELETE", path, user, null, Map.of());
    }

    /**
     * A JSON Merge Patch (RFC 7396): {@code body} sent as {@code application/merge-patch+json}, with
     * {@code If-Match: ifMatch} unless that is null.
     */
    protected ApiResponse patch(String path, User user, Object body, String ifMatch) {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Content-Type", "application/merge-patch+json");
        if (ifMatch != null) {
            headers.put("If-Match", ifMatch);
        }
        return request("PATCH", path, user, body, headers);
    }

    /**
     * One HTTP exchange. {@code path} is absolute on the server ("/api/v1/..."); {@code user} may be null (no
     * Authorization header) or any name and password (wrong ones too); {@code body} is sent as JSON: a String as it
     * is, anything else serialized by Jackson; {@code headers} are added as given (If-Match, Idempotency-Key, ...).
     */
    protected ApiResponse request(String method, String path, User user, Object body, Map<String, String> headers) {
        URI uri = baseUri().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .setHeader("Accept", "application/json, application/problem+json");
        authorize(request, user);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.setHeader("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(toJson(body), StandardCharsets.UTF_8));
        }
        // given headers replace the defaults above (Accept, Content-Type), so a test can send what it likes
        headers.forEach(request::setHeader);
        return send(method, uri, request);
    }

    private static void authorize(HttpRequest.Builder request, User user) {
        if (user != null) {
            String token = user.name() + ":" + user.password();
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private ApiResponse send(String method, URI uri, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ApiResponse(method, uri.toString(), response.statusCode(), response.headers().map(),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri + " interrupted", e);
        }
    }

    /**
     * POSTs {@code body} as it is, with {@code contentType}: a file upload. {@code path} carries the query string.
     */
    protected ApiResponse upload(String path, User user, byte[] body, String contentType) {
        URI uri = baseUri().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        authorize(request, user);
        return send("POST", uri, request);
    }

    /**
     * GETs {@code path} until its {@code status} field leaves {@code runningStates}, for at most two minutes; returns
     * the last answer.
     */
    protected JsonNode awaitFinished(String path, User user, String... runningStates) throws InterruptedException {
        List<String> running = Arrays.asList(runningStates);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode body = get(path, user).assertStatus(200).json();
            if (!running.contains(body.path("status").asText()) || System.nanoTime() > deadline) {
                return body;
            }
            Thread.sleep(200);
        }
    }

    /** An empty JSON object to build request bodies with. */
    protected static ObjectNode json() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text into a tree. */
    protected static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }

    private static String toJson(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot serialize " + body, e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The database, read in the container through the DataSource the Winback store uses

    /** One row of audit_log. */
    public record AuditRow(long id, String actor, String entityType, String entityId, String action, String after) {
    }

    /**
     * The pooled DataSource of etc/org.ops4j.datasource-winback.cfg (osgi.jndi.service.name=winback), waiting a
     * little for it: it outlives restarts of the Winback bundles, so the tests can read audit_log across them.
     */
    protected javax.sql.DataSource winbackDataSource() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                java.util.Collection<org.osgi.framework.ServiceReference<javax.sql.DataSource>> refs =
                        bundleContext.getServiceReferences(javax.sql.DataSource.class, "(osgi.jndi.service.name=winback)");
                if (!refs.isEmpty()) {
                    javax.sql.DataSource ds = bundleContext.getService(refs.iterator().next());
                    if (ds != null) {
                        return ds;
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No DataSource with osgi.jndi.service.name=winback");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every audit_log row about the given entity ids (customers, cases, steps, teams, ...), oldest first. */
    protected List<AuditRow> auditRows(java.util.Collection<String> entityIds) {
        List<AuditRow> rows = new ArrayList<>();
        if (entityIds.isEmpty()) {
            return rows;
        }
        String marks = String.join(",", Collections.nCopies(entityIds.size(), "?"));
        try (Connection c = winbackDataSource().getConnection();
             java.sql.PreparedStatement s = c.prepareStatement("SELECT id, actor, entity_type, entity_id, action,"
                     + " after_json FROM audit_log WHERE entity_id IN (" + marks + ") ORDER BY id")) {
            int i = 1;
            for (String id : entityIds) {
                s.setString(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AuditRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read audit_log: " + e, e);
        }
        return rows;
    }

    protected List<AuditRow> auditRows(String... entityIds) {
        return auditRows(Arrays.asList(entityIds));
    }

    /** How many rows audit_log holds in all, and the highest id: a change anywhere moves one of them. */
    protected long[] auditTotals() {
        try (Connection c = winbackDataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM audit_log")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read audit_log: " + e, e);
        }
    }

    /** The answer of a {@code SELECT COUNT(*) ...} with its parameters, read behind the API's back. */
    protected long countRows(String sql, Object... params) {
        try (Connection c = winbackDataSource().getConnection();
             java.sql.PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Container assertions

    protected void assertFeatureInstalled(String name) throws Exception {
        Feature feature = featuresService.getFeature(name);
        assertNotNull("No feature " + name, feature);
        assertTrue("Feature " + name + " is not installed", featuresService.isInstalled(feature));
    }

    protected Bundle bundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No bundle " + symbolicName));
    }

    protected void assertBundleActive(String symbolicName) {
        Bundle bundle = bundle(symbolicName);
        assertEquals(symbolicName + " is not ACTIVE", Bundle.ACTIVE, bundle.getState());
    }

    private String inactiveBundles() {
        if (bundleContext == null) {
            return "?";
        }
        List<String> names = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() != Bundle.ACTIVE && !fragment) {
                names.add(b.getSymbolicName() + "(" + b.getState() + ")");
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
