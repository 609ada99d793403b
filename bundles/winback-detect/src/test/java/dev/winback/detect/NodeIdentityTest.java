package dev.winback.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's id: configured, or made up once and kept in the data directory. */
class NodeIdentityTest {
    @TempDir
    Path data;

    @Test
    void aConfiguredIdWins() {
        assertEquals("karaf-a", NodeIdentity.resolve(" karaf-a ", data.resolve("winback/node-id")));
        assertTrue(Files.notExists(data.resolve("winback/node-id")), "nothing is written for a configured id");
    }

    @Test
    void anIdIsMadeUpOnceAndKept() throws IOException {
        Path file = data.resolve("winback/node-id");
        String made = NodeIdentity.resolve(null, file);
        assertTrue(made.matches("node-[0-9a-f]{12}"), made);
        assertEquals(made + "\n", Files.readString(file));
        assertEquals(made, NodeIdentity.resolve("", file), "the next start reads it back");
    }

    @Test
    void anIdThatCannotBeAColumnValueIsRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.resolve("two words", data.resolve("x")));
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.resolve("n".repeat(256), data.resolve("x")));
        Path file = Files.writeString(data.resolve("node-id"), "-bad\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeIdentity.resolve(null, file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
