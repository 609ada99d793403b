package dev.winback.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that breaks a rule of its own: a missing required field, a bad format, a value out of range. Carries one
 * {@link FieldProblem} per offending field so a client can point at each. REST: 400.
 */
public class InvalidInputException extends WinbackException {
    private static final long serialVersionUID = 1L;
    private final List<FieldProblem> problems;

    public InvalidInputException(List<FieldProblem> problems) {
        super(problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    /** One field and what is wrong with it, e.g. {@code lifetimeValue}: "must not be negative". */
    public static final class FieldProblem {
        private final String field;
        private final String message;

        public FieldProblem(String field, String message) {
            this.field = field;
            this.message = message;
        }

        public String field() {
            return field;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }
}
