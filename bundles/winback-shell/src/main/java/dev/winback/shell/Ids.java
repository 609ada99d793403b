package dev.winback.shell;

import java.util.UUID;

/** Parsing the ids people paste into commands. */
final class Ids {
    private Ids() {
    }

    /** @throws IllegalArgumentException naming what the id was for, so the console prints something useful */
    static UUID parse(String what, String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not " + what + " id (a UUID)");
        }
    }
}
