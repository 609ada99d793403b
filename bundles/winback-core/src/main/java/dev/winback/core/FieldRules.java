package dev.winback.core;

import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every problem with an input before failing, so a client learns about all bad fields in one round trip
 * instead of fixing them one request at a time.
 */
final class FieldRules {
    private final List<FieldProblem> problems = new ArrayList<>();

    /** Trims and checks a text field; returns the trimmed value, or null when it is absent and optional. */
    String text(String field, String value, boolean required, int maxLength) {
        String trimmed = value == null ? null : value.strip();
        if (trimmed == null || trimmed.isEmpty()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (trimmed.length() > maxLength) {
            problem(field, "must be at most " + maxLength + " characters (got " + trimmed.length() + ")");
        }
        return trimmed;
    }

    String matching(String field, String value, boolean required, Pattern pattern, String describe) {
        String trimmed = text(field, value, required, 200);
        if (trimmed != null && !pattern.matcher(trimmed).matches()) {
            problem(field, describe + " (got '" + trimmed + "')");
        }
        return trimmed;
    }

    <T> T present(String field, T value) {
        if (value == null) {
            problem(field, "is required");
        }
        return value;
    }

    /** A money amount: not negative, at most 4 decimals and 15 integer digits (the NUMERIC(19,4) column). */
    BigDecimal amount(String field, BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            problem(field, "must not be negative");
        } else if (value.stripTrailingZeros().scale() > 4) {
            problem(field, "must have at most 4 decimal places");
        } else if (value.precision() - value.scale() > 15) {
            problem(field, "must be less than 10^15");
        }
        return value;
    }

    /** An ISO 4217 currency code, upper-cased. */
    String currency(String field, String value, boolean required) {
        // Not text(): a wrong code deserves one message saying what a right one looks like, not two.
        String code = text(field, value, required, Integer.MAX_VALUE);
        if (code == null) {
            return null;
        }
        String upper = code.toUpperCase(java.util.Locale.ROOT);
        if (!ISO_4217.matcher(upper).matches() || !isKnownCurrency(upper)) {
            problem(field, "must be an ISO 4217 currency code such as EUR or USD (got '" + code + "')");
        }
        return upper;
    }

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    private static boolean isKnownCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void problem(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    boolean ok() {
        return problems.isEmpty();
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
