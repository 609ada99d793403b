package dev.winback.detect;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.winback.api.InvalidInputException;
import org.junit.jupiter.api.function.Executable;

/** Test helper: asserts that a call is refused with a problem of one named field. */
public final class Problems {
    private Problems() {
    }

    public static InvalidInputException assertProblem(String field, Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(e.problems().stream().anyMatch(p -> p.field().equals(field)),
                "expected a problem with " + field + ", got: " + e.getMessage());
        return e;
    }
}
