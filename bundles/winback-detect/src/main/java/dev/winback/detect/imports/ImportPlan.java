package dev.winback.detect.imports;

import dev.winback.api.InvalidInputException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportRequest;
import dev.winback.detect.FieldProblems;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What an import job reads with: the client's {@link ImportRequest} checked and turned into a
 * {@link TransactionFormat} and an {@link ErrorBudget}, the admin's defaults filled in. Every option that is
 * wrong, or contradicts another, is reported under its own field name before the job is queued, so a client never
 * learns of a typo from a failed job.
 *
 * @param format the layout, with the request's source (or the admin's default) as the fixed source, so that
 *               fingerprints and customers always carry a source
 * @param budget the bad rows tolerated
 */
public record ImportPlan(TransactionFormat format, ErrorBudget budget) {
    /** Column names are header texts; anything longer is a mistake (a whole line pasted, say). */
    static final int MAX_COLUMN_NAME = 200;

    /** @throws InvalidInputException naming every option at fault */
    public static ImportPlan of(ImportRequest request, ImportSettings settings) {
        return new Check(request == null ? new ImportRequest() : request, settings).plan();
    }

    /** One check of one request; collects the problems and the format built so far. */
    private static final class Check {
        private final ImportRequest request;
        private final ImportSettings settings;
        private final FieldProblems problems = new FieldProblems();
        private final ImportFormat kind;
        private TransactionFormat format;

        Check(ImportRequest request, ImportSettings settings) {
            this.request = request;
            this.settings = settings;
            this.kind = request.format == null ? ImportFormat.CSV : request.format;
            this.format = switch (kind) {
                case CSV -> TransactionFormat.csv();
                case WHITESPACE -> TransactionFormat.whitespace();
                case JSON_LINES -> TransactionFormat.jsonLines();
            };
        }

        ImportPlan plan() {
            delimiter();
            decimalSeparator();
            columns();
            datePattern();
            source();
            // Refunds only when asked for: a negative amount in an export is more often a sign error than a refund.
            boolean refunds = Boolean.TRUE.equals(request.negativeAmounts);
            apply("negativeAmounts", f -> f.withNegativeAmounts(refunds));
            ErrorBudget budget = budget();
            problems.throwIfAny();
            return new ImportPlan(format, budget);
        }

        private void delimiter() {
            String delimiter = request.delimiter;
            if (delimiter == null) {
                return;
            }
            if (kind != ImportFormat.CSV) {
                problems.add("delimiter", "only CSV files have a delimiter; " + kind + " is read without one");
            } else if (delimiter.length() != 1) {
                problems.add("delimiter", "must be exactly one character, such as ';' or a tab (got '"
                        + delimiter + "')");
            } else {
                apply("delimiter", f -> f.withDelimiter(delimiter.charAt(0)));
            }
        }

        private void decimalSeparator() {
            String separator = request.decimalSeparator;
            if (separator == null) {
                return;
            }
            if (!separator.equals(".") && !separator.equals(",")) {
                problems.add("decimalSeparator", "must be '.' or ',' (got '" + separator + "')");
            } else {
                // After the delimiter: a comma separator is fine once the delimiter is no longer a comma.
                apply("decimalSeparator", f -> f.withDecimalSeparator(separator.charAt(0)));
            }
        }

        private void columns() {
            List<String> names = columnNames();
            // Each role's column, in the order a person reads the request; the first of two equal ones keeps it.
            Map<String, String> mapped = new LinkedHashMap<>();
            mapped.put("externalIdColumn", name("externalIdColumn", request.externalIdColumn));
            mapped.put("dateColumn", name("dateColumn", request.dateColumn));
            mapped.put("amountColumn", name("amountColumn", request.amountColumn));
            mapped.put("sourceColumn", name("sourceColumn", request.sourceColumn));
            mapped.put("transactionIdColumn", name("transactionIdColumn", request.transactionIdColumn));
            apply("externalIdColumn", f -> f.withExternalIdColumn(or(mapped.get("externalIdColumn"),
                    f.externalIdColumn())));
            apply("dateColumn", f -> f.withDateColumn(or(mapped.get("dateColumn"), f.dateColumn())));
            apply("amountColumn", f -> f.withAmountColumn(or(mapped.get("amountColumn"), f.amountColumn())));
            apply("sourceColumn", f -> f.withSourceColumn(mapped.get("sourceColumn")));
            apply("transactionIdColumn", f -> f.withTransactionIdColumn(mapped.get("transactionIdColumn")));

            Map<String, String> effective = new LinkedHashMap<>();
            effective.put("externalIdColumn", format.externalIdColumn());
            effective.put("dateColumn", format.dateColumn());
            effective.put("amountColumn", format.amountColumn());
            effective.put("sourceColumn", format.sourceColumn());
            effective.put("transactionIdColumn", format.transactionIdColumn());
            Map<String, String> taken = new LinkedHashMap<>();
            effective.forEach((field, column) -> {
                if (column == null) {
                    return;
                }
                String other = taken.putIfAbsent(column.toLowerCase(Locale.ROOT), field);
                if (other != null) {
                    problems.add(field, "names the column '" + column + "', which " + other + " names already");
                } else if (names != null && names.stream().noneMatch(column::equalsIgnoreCase)) {
                    problems.add(field, "'" + column + "' is not one of the columnNames " + names);
                }
            });
        }

        /** The request's column names, checked and applied; null when the file has a header row. */
        private List<String> columnNames() {
            List<String> names = request.columnNames;
            if (names == null) {
                return null;
            }
            if (kind == ImportFormat.JSON_LINES) {
                problems.add("columnNames", "JSON lines name their fields in every line; columnNames are for "
                        + "CSV and WHITESPACE files without a header row");
                return null;
            }
            if (names.isEmpty()) {
                problems.add("columnNames", "must name the file's columns in order; leave it out when the first "
                        + "row is the header");
                return null;
            }
            Set<String> seen = new HashSet<>();
            boolean valid = true;
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String problem = null;
                if (name == null || name.isBlank()) {
                    problem = "must not be blank";
                } else if (name.strip().length() > MAX_COLUMN_NAME) {
                    problem = "must be at most " + MAX_COLUMN_NAME + " characters";
                } else if (!seen.add(name.strip().toLowerCase(Locale.ROOT))) {
                    problem = "'" + name.strip() + "' is named twice";
                }
                if (problem != null) {
                    problems.add("columnNames[" + i + "]", problem);
                    valid = false;
                }
            }
            if (!valid) {
                return null;
            }
            List<String> stripped = names.stream().map(String::strip).toList();
            apply("columnNames", f -> f.withColumnNames(stripped));
            return stripped;
        }

        private void datePattern() {
            String pattern = name("datePattern", request.datePattern);
            if (pattern == null) {
                return;
            }
            if (apply("datePattern", f -> f.withDatePattern(pattern)) && format.dateFormatter() != null
                    && !makesWholeDates(format.dateFormatter())) {
                problems.add("datePattern", "'" + pattern + "' does not give a whole date: it needs the day, "
                        + "the month and the year ('yyyy' is the year, 'YYYY' the week-based year)");
            }
        }

        /** Whether the pattern reads back a day it wrote: it has a year, a month and a day, or equivalents. */
        private static boolean makesWholeDates(DateTimeFormatter formatter) {
            ZonedDateTime sample = ZonedDateTime.of(2026, 3, 14, 10, 15, 30, 0, ZoneOffset.UTC);
            try {
                return LocalDate.from(formatter.parse(formatter.format(sample))).equals(sample.toLocalDate());
            } catch (DateTimeException e) {
                return false;
            }
        }

        private void source() {
            String source = name("source", request.source);
            String fixed = source != null ? source : settings.defaultSource();
            if (fixed.length() > TransactionReader.MAX_SOURCE) {
                problems.add("source", "must be at most " + TransactionReader.MAX_SOURCE + " characters");
                return;
            }
            apply("source", f -> f.withFixedSource(fixed));
        }

        private ErrorBudget budget() {
            ErrorBudget defaults = settings.budget();
            long maxErrors = defaults.maxErrors();
            double maxErrorPercent = defaults.maxErrorPercent();
            if (request.maxErrors != null) {
                if (request.maxErrors < 0) {
                    problems.add("maxErrors", "must be 0 or more (0: any bad row aborts the import)");
                } else {
                    maxErrors = request.maxErrors;
                }
            }
            if (request.maxErrorPercent != null) {
                if (!(request.maxErrorPercent >= 0 && request.maxErrorPercent <= 100)) {
                    problems.add("maxErrorPercent", "must be between 0 and 100 (got " + request.maxErrorPercent
                            + ")");
                } else {
                    maxErrorPercent = request.maxErrorPercent;
                }
            }
            return new ErrorBudget(maxErrors, maxErrorPercent, defaults.minRowsForRatio(), defaults.keptErrors());
        }

        /** A column or pattern option: stripped, null when absent; blank or overlong is a problem. */
        private String name(String field, String value) {
            if (value == null) {
                return null;
            }
            String stripped = value.strip();
            if (stripped.isEmpty()) {
                problems.add(field, "must not be blank; leave it out for the default");
                return null;
            }
            if (stripped.length() > MAX_COLUMN_NAME) {
                problems.add(field, "must be at most " + MAX_COLUMN_NAME + " characters");
                return null;
            }
            return stripped;
        }

        private static String or(String value, String otherwise) {
            return value != null ? value : otherwise;
        }

        /**
         * Applies one option to the format; what {@link TransactionFormat} refuses becomes a problem of that
         * field. Returns whether it was applied.
         */
        private boolean apply(String field, UnaryOperator<TransactionFormat> change) {
            try {
                format = change.apply(format);
                return true;
            } catch (IllegalArgumentException e) {
                problems.add(field, e.getMessage());
                return false;
            }
        }
    }
}
