package dev.winback.store.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The WHERE clause of a list query, built from the filters that are set (a null filter matches everything),
 * with its parameters in binding order.
 */
final class Filters {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds {@code column = value} unless the value is null. */
    Filters equal(String column, Object value) {
        if (value != null) {
            conditions.add(column + " = ?");
            params.add(value);
        }
        return this;
    }

    /**
     * Adds a case-insensitive substring match of {@code text} against any of the columns, unless the text is blank.
     * The text is taken literally: LIKE wildcards in it are escaped.
     */
    Filters containsIgnoringCase(String text, String... columns) {
        if (text == null || text.isBlank()) {
            return this;
        }
        String pattern = "%" + escapeLike(text.strip().toLowerCase(Locale.ROOT)) + "%";
        List<String> alternatives = new ArrayList<>();
        for (String column : columns) {
            // ESCAPE is spelled out: it is the default on both databases, but only by convention.
            alternatives.add("LOWER(" + column + ") LIKE ? ESCAPE '\\'");
            params.add(pattern);
        }
        conditions.add("(" + String.join(" OR ", alternatives) + ")");
        return this;
    }

    /** Adds a condition of the caller's own (with its {@code ?} parameters) when {@code applies}. */
    Filters when(boolean applies, String condition, Object... conditionParams) {
        if (applies) {
            conditions.add("(" + condition + ")");
            params.addAll(Arrays.asList(conditionParams));
        }
        return this;
    }

    String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Object[] params() {
        return params.toArray();
    }

    static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' || ch == '%' || ch == '_') {
                escaped.append('\\');
            }
            escaped.append(ch);
        }
        return escaped.toString();
    }
}
