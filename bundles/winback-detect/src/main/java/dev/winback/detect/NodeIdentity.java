package dev.winback.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The id of this Winback node (Karaf instance), recorded on the import jobs and detection runs it runs, so that a
 * node restarting fails only its own unfinished work. It is the system property {@value #PROPERTY} (for example in
 * {@code etc/system.properties}) when set, else the id kept in {@code ${karaf.data}/winback/node-id}, made up on
 * the node's first start and kept from then on. Two nodes must not share a data directory, or they share an id.
 */
public final class NodeIdentity {
    /** The system property that names the node. */
    public static final String PROPERTY = "winback.node.id";
    static final int MAX_LENGTH = 255;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0," + (MAX_LENGTH - 1) + "}");

    private NodeIdentity() {
    }

    /**
     * The node's id, as configured or kept in the data directory (outside Karaf, in the temporary directory).
     *
     * @throws IllegalArgumentException the configured id, or the one in the file, is not a valid id
     * @throws IllegalStateException the file can neither be read nor written
     */
    public static String resolve() {
        String karafData = System.getProperty("karaf.data");
        Path directory = karafData != null && !karafData.isBlank() ? Path.of(karafData, "winback")
                : Path.of(System.getProperty("java.io.tmpdir"), "winback");
        return resolve(System.getProperty(PROPERTY), directory.resolve("node-id"));
    }

    /**
     * The configured id if there is one, else the one kept in {@code file}, made up and written there first.
     * Synchronized: the import and the detection components of this bundle start at once and must agree.
     */
    static synchronized String resolve(String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            return checked(configured.strip(), "the system property " + PROPERTY);
        }
        try {
            if (Files.isRegularFile(file)) {
                return checked(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[6];
            new SecureRandom().nextBytes(random);
            String made = "node-" + HexFormat.of().formatHex(random);
            Files.writeString(file, made + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            return made;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or write the node id in " + file + ": " + e.getMessage()
                    + "; set the system property " + PROPERTY + " instead", e);
        }
    }

    private static String checked(String id, String where) {
        if (!VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("The node id '" + id + "' in " + where + " is not valid: 1 to "
                    + MAX_LENGTH + " letters, digits and . _ : @ -, starting with a letter or digit");
        }
        return id;
    }
}
