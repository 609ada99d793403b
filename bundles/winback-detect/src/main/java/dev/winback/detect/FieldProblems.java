package dev.winback.detect;

import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Collects every problem of a request before failing, so a client learns about all bad fields in one round trip.
 */
public final class FieldProblems {
    /** The largest page a list returns, as in the core services. */
    public static final int MAX_PAGE_SIZE = 200;

    private final List<FieldProblem> problems = new ArrayList<>();

    public void add(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    /** @throws InvalidInputException naming every field at fault, if there is any */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The problems as one line, e.g. {@code days: must be 1 or more}. */
    @Override
    public String toString() {
        return problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; "));
    }

    /** Checks the bounds of a list request: a page beyond reason is a client mistake, not a reason to scan. */
    public static void checkPage(int page, int size) {
        FieldProblems problems = new FieldProblems();
        if (page < 0) {
            problems.add("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            problems.add("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        problems.throwIfAny();
    }
}
