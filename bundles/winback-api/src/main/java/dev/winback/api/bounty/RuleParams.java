package dev.winback.api.bounty;

import dev.winback.api.InvalidInputException;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rule's parameters as a plan gives them (JSON numbers, strings, booleans and objects), read with checks that
 * name the parameter and say what would be right: {@code rules[0].params.baseRate: must be a number between 0 and 1,
 * was "five"}.
 */
public final class RuleParams {
    private final String path;
    private final Map<String, Object> values;

    /**
     * @param path   where the parameters sit in the plan, for messages ({@code rules[0].params})
     * @param values as parsed from JSON; numbers as {@link Number}, objects as maps
     */
    public RuleParams(String path, Map<String, ?> values) {
        this.path = path;
        this.values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String path() {
        return path;
    }

    public Map<String, Object> values() {
        return values;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** Refuses parameters the rule does not know: a misspelt {@code baseRtae} must not silently fall back. */
    public void allowOnly(String... known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(Set.of(known));
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(path, "unknown parameter(s) " + unknown + "; this rule takes "
                    + String.join(", ", known));
        }
    }

    /** A number parameter that must be given. */
    public BigDecimal decimal(String name) {
        BigDecimal value = decimal(name, null);
        if (value == null) {
            throw problem(name, "is required");
        }
        return value;
    }

    /** A number parameter, or {@code fallback} when it is absent. */
    public BigDecimal decimal(String name, BigDecimal fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        return toDecimal(name, value);
    }

    /** A number parameter within {@code [min, max]}; either bound may be null for none. */
    public BigDecimal decimal(String name, BigDecimal fallback, BigDecimal min, BigDecimal max) {
        BigDecimal value = decimal(name, fallback);
        if (value != null && ((min != null && value.compareTo(min) < 0) || (max != null && value.compareTo(max) > 0))) {
            throw problem(name, "must be " + range(min, max) + ", was " + value.toPlainString());
        }
        return value;
    }

    /** A whole-number parameter within {@code [min, max]}. */
    public int integer(String name, int fallback, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        BigDecimal d = toDecimal(name, value);
        int result;
        try {
            result = d.intValueExact();
        } catch (ArithmeticException e) {
            throw problem(name, "must be a whole number, was " + d.toPlainString());
        }
        if (result < min || result > max) {
            throw problem(name, "must be from " + min + " to " + max + ", was " + result);
        }
        return result;
    }

    /** A text parameter, or {@code fallback}. */
    public String text(String name, String fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String)) {
            throw problem(name, "must be a text, was " + value);
        }
        return (String) value;
    }

    /** One of an enum's names, given in any case; or {@code fallback}. */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            Set<String> names = new TreeSet<>();
            for (E constant : type.getEnumConstants()) {
                names.add(constant.name());
            }
            throw problem(name, "must be one of " + names + ", was \"" + value + "\"");
        }
    }

    /** An object of numbers, e.g. amounts by loss kind; empty when absent. Keys are kept as given. */
    public Map<String, BigDecimal> decimals(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw problem(name, "must be an object of numbers, was " + value);
        }
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() == null) {
                throw problem(name + "." + key, "must be a number");
            }
            result.put(key, toDecimal(name + "." + key, e.getValue()));
        }
        return Collections.unmodifiableMap(result);
    }

    /** An error for the named parameter, for checks the rule makes itself. */
    public InvalidInputException problem(String name, String message) {
        return new InvalidInputException(path + "." + name, message);
    }

    private BigDecimal toDecimal(String name, Object value) {
        if (value instanceof BigDecimal) {
            return plausible(name, (BigDecimal) value);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return plausible(name, BigDecimal.valueOf(((Number) value).longValue()));
        }
        if (value instanceof java.math.BigInteger) {
            return plausible(name, new BigDecimal((java.math.BigInteger) value));
        }
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw problem(name, "must be a finite number");
            }
            // The shortest decimal that reads back as the double: 0.05, not 0.05000000000000000277.
            return plausible(name, new BigDecimal(value.toString()));
        }
        throw problem(name, "must be a number, was " + (value instanceof String ? "\"" + value + "\"" : value));
    }

    /**
     * A number a plan can mean: below 10^15 and with at most 10 decimals. Anything else is a typo or an attack (a
     * 1e999999999 would cost gigabytes to print or round), refused before it is printed or computed with.
     */
    private BigDecimal plausible(String name, BigDecimal value) {
        if (value.precision() - value.scale() > 15) {
            throw problem(name, "must be below 1,000,000,000,000,000");
        }
        if (value.stripTrailingZeros().scale() > 10) {
            throw problem(name, "must have at most 10 decimal places");
        }
        return value;
    }

    private static String range(BigDecimal min, BigDecimal max) {
        if (min != null && max != null) {
            return "from " + min.toPlainString() + " to " + max.toPlainString();
        }
        return min != null ? "at least " + min.toPlainString() : "at most " + max.toPlainString();
    }
}
