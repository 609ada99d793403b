package dev.winback.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements at the semicolons that end them. Comments are dropped; quoted text
 * and quoted identifiers are kept whole, so a semicolon inside them does not split. Scripts must not contain
 * PostgreSQL dollar-quoted bodies (functions, DO blocks): H2 has no such syntax anyway.
 */
final class SqlScript {
    private SqlScript() {
    }

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < script.length()) {
            char ch = script.charAt(i);
            if (ch == '-' && script.startsWith("--", i)) {
                i = endOfLine(script, i);
            } else if (ch == '/' && script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? script.length() : end + 2;
                current.append(' ');
            } else if (ch == '\'' || ch == '"') {
                int end = endOfQuoted(script, i, ch);
                current.append(script, i, end);
                i = end;
            } else if (ch == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(ch);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static int endOfLine(String script, int from) {
        int end = script.indexOf('\n', from);
        return end < 0 ? script.length() : end;
    }

    /** The index just past the closing quote; a doubled quote inside is an escaped one. */
    private static int endOfQuoted(String script, int open, char quote) {
        int i = open + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("Unterminated " + quote + " quote in migration script");
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
