package dev.winback.systests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh copy of the Winback distribution (the tar.gz this build made, unpacked by Maven into target/dist) in a
 * folder of its own, started as an admin starts it: {@code bin/karaf server} in a process of its own. Every copy
 * listens on free ports (HTTP, SSH, JMX registry and server), so a developer's running Winback or another test does
 * not answer in its place.
 */
final class Distribution implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("^\\s*([^#!\\s=:][^=:]*?)\\s*[=:]");

    final Path home;
    final int httpPort;
    final int sshPort;
    final int rmiRegistryPort;
    final int rmiServerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private Distribution(Path home) {
        this.home = home;
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
        while (ports.size() < 4) {
            ports.add(freePort());
        }
        java.util.Iterator<Integer> next = ports.iterator();
        this.httpPort = next.next();
        this.sshPort = next.next();
        this.rmiRegistryPort = next.next();
        this.rmiServerPort = next.next();
    }

    /** A fresh copy under {@code winback.runs}/{@code name}, on free ports; not started. */
    static Distribution freshCopy(String name) throws IOException, InterruptedException {
        Path source = Paths.get(required("winback.dist"));
        if (!Files.isExecutable(source.resolve("bin/karaf"))) {
            throw new IllegalStateException("No distribution at " + source + " (run through Maven: mvn verify)");
        }
        Path home = Paths.get(required("winback.runs")).resolve(name);
        delete(home);
        Files.createDirectories(home.getParent());
        run(List.of("cp", "-a", source.toString(), home.toString()));
        Distribution d = new Distribution(home);
        d.set("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(d.httpPort));
        d.set("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(d.sshPort));
        d.set("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(d.rmiRegistryPort));
        d.set("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(d.rmiServerPort));
        return d;
    }

    /** Sets {@code key} in a properties file of the copy, in place of its line or at the end. */
    void set(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8));
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY.matcher(lines.get(i));
            if (m.find() && m.group(1).equals(key)) {
                lines.set(i, key + " = " + value);
                found = true;
            }
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.write(path, lines, StandardCharsets.UTF_8);
    }

    /**
     * Sets the first admin password as "Running it safely" tells an admin to: in clear text in place of the shipped
     * digest (Karaf replaces it with its digest as it starts).
     */
    void firstAdminPassword(String password) throws IOException {
        Path users = home.resolve("etc/users.properties");
        Files.writeString(users, Files.readString(users, StandardCharsets.UTF_8).replaceFirst(
                "(?m)^admin = \\{CRYPT\\}[0-9A-Fa-f]+\\{CRYPT\\}", "admin = " + password),
                StandardCharsets.UTF_8);
    }

    /** Replaces text in a file of the copy; fails when the text is not there. */
    void replace(String file, String text, String replacement) throws IOException {
        Path path = home.resolve(file);
        String content = Files.readString(path, StandardCharsets.UTF_8);

        if (!content.contains(text)) {
            throw new IllegalStateException(file + " does not contain " + text);
        }
        Files.writeString(path, content.replace(text, replacement), StandardCharsets.UTF_8);
    }

    /** Starts {@code bin/karaf server}; its console output goes to karaf.out in the copy. */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        process = builder.start();
    }

    /** Polls GET /api/v1/health until it answers 200; the time that took, or null when it did not within limit. */
    Duration awaitHealth(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                return null;
            }
            if (status("GET", "/api/v1/health", null) == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(250);
        }
        return null;
    }

    /** The status of a request with Basic authentication ({@code user:password}, or none), 0 when none came. */
    int status(String method, String path, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (credentials != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    Path log() {
        return home.resolve("data/log/karaf.log");
    }

    String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log(), StandardCharsets.ISO_8859_1) : "";
    }

    /** The process id of the Karaf JVM (a child of bin/karaf), or -1. */
    long karafPid() {
        if (process == null) {
            return -1;
        }
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.isAlive() ? process.pid() : -1);
    }

    /** A thread dump of the Karaf JVM into {@code file} (for a start that hung), if jcmd can take one. */
    void threadDump(Path file) {
        long pid = karafPid();
        if (pid < 0) {
            return;
        }
        try {
            Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            dump.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no dump then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops Karaf as an admin does ({@code bin/stop}) and waits for the process; kills it when it has not ended
     * within {@code limit}. True when it stopped by itself.
     */
    boolean stop(Duration limit) throws IOException, InterruptedException {
        if (process == null) {
            return true;
        }
        if (process.isAlive()) {
            Process stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(home.resolve("stop.out").toFile()).start();
            stop.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        }
        boolean stopped = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
        if (!stopped) {
            kill();
        }
        process = null;
        return stopped;
    }

    /** Ends the process and its children at once. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            stop(Duration.ofSeconds(60));
        }
    }

    /** Deletes the copy (a passing run leaves nothing behind). */
    void delete() throws IOException, InterruptedException {
        delete(home);
    }

    /** Deletes a folder and everything in it, if it is there. */
    static void delete(Path dir) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            run(List.of("rm", "-rf", dir.toString()));
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(command + " failed");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (run through Maven)");
        }
        return value;
    }
}
