package dev.winback.reputation;

import dev.winback.api.InvalidInputException.FieldProblem;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks every free text of the module gets: a length, and no control characters but tabs and line breaks
 * (PostgreSQL refuses a NUL in text outright, and the others only garble exports and pages).
 */
public final class Texts {
    /** Control characters other than tab, line feed and carriage return. */
    public static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private Texts() {
    }

    /** Adds what is wrong with an optional text to {@code problems}; null is fine. */
    public static void check(String field, String value, int max, List<FieldProblem> problems) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters (got " + value.length()
                    + ")"));
        } else if (CONTROL.matcher(value).find()) {
            problems.add(new FieldProblem(field, "must not contain control characters (tabs and line breaks are "
                    + "fine)"));
        }
    }
}
