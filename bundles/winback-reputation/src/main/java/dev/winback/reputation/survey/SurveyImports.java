package dev.winback.reputation.survey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.winback.api.Actor;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.WinbackException;
import dev.winback.reputation.Roles;
import dev.winback.reputation.SurveyKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Survey answers in bulk, from a CSV file with a header line or from JSON lines: all of a file or none of it. Every
 * line is checked first, and a file with a bad line imports nothing and names each bad line (up to
 * {@value #MAX_REPORTED} of them), so it can be fixed and sent again without creating duplicates.
 */
@Component(service = SurveyImports.class)
public class SurveyImports {
    /** The most answers one file may hold. */
    public static final int MAX_LINES = 100_000;
    static final int MAX_REPORTED = 50;
    private static final List<String> COLUMNS = List.of("customerId", "source", "externalId", "caseId", "kind",
            "score", "comment", "respondedAt");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Surveys surveys;
    private final JdbcSurveys store;

    /** What a file imported. */
    public static class Result {
        public UUID importId;
        public int imported;
    }

    public enum Format {
        CSV, JSON_LINES
    }

    @Activate
    public SurveyImports(@Reference Surveys surveys, @Reference JdbcSurveys store) {
        this.surveys = surveys;
        this.store = store;
    }

    /**
     * Imports every answer of the file, or none.
     *
     * @throws InvalidInputException one or more lines are wrong (each named), the file is empty or too long
     */
    public Result importAnswers(Reader body, Format format, Actor actor) throws IOException {
        Roles.manager(actor, "Importing survey answers");
        List<SurveyResponse> rows = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        int[] lines = {0};
        Map<String, dev.winback.api.dto.Customer> known = new HashMap<>();
        LineHandler handler = (line, answer) -> {
            lines[0]++;
            if (lines[0] > MAX_LINES) {
                throw new TooManyLines();
            }
            try {
                SurveyResponse r = surveys.checked(answer, actor, "line " + line + ": ", known);
                rows.add(r);
            } catch (WinbackException e) {
                if (problems.size() < MAX_REPORTED) {
                    problems.add(new FieldProblem("line " + line, e.getMessage()));
                }
            }
        };
        try {
            if (format == Format.CSV) {
                readCsv(body, handler, problems);
            } else {
                readJsonLines(body, handler, problems);
            }
        } catch (TooManyLines e) {
            throw new InvalidInputException("file", "holds more than " + MAX_LINES + " answers: split it");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("file", "holds no answers");
        }
        Result result = new Result();
        result.importId = UUID.randomUUID();
        result.imported = rows.size();
        Instant now = store.now();
        for (SurveyResponse r : rows) {
            r.channel = SurveyResponse.Channel.IMPORT;
            r.recordedBy = actor.name();
            r.recordedAt = now;
        }
        store.db().transaction("importing survey answers", c -> {
            store.insertResponses(c, result.importId, rows);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("importId", result.importId);
            entry.put("format", format);
            entry.put("imported", result.imported);
            store.audit(c, actor.name(), "survey-import", result.importId.toString(), "create", null, entry);
            return null;
        });
        return result;
    }

    /** Stops reading a file that holds more answers than one import may. */
    private static final class TooManyLines extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyLines() {
            super(null, null, false, false);
        }
    }

    private interface LineHandler {
        void accept(long line, SurveyResponse answer);
    }

    private static void readCsv(Reader body, LineHandler handler, List<FieldProblem> problems) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        try (CSVParser parser = format.parse(body)) {
            List<String> header = parser.getHeaderNames();
            for (String column : header) {
                if (!COLUMNS.contains(column)) {
                    throw new InvalidInputException("header", "has an unknown column '" + column + "'; the columns "
                            + "are " + String.join(", ", COLUMNS));
                }
            }
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                try {
                    handler.accept(line, fromCsv(record, header));
                } catch (InvalidInputException e) {
                    if (problems.size() < MAX_REPORTED) {
                        problems.add(new FieldProblem("line " + line, e.getMessage()));
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new InvalidInputException("file", "is not readable CSV: " + e.getCause().getMessage());
        } catch (IOException e) {
            // commons-csv reports a malformed header or record as an IOException, e.g. "(line 1) invalid char
            // between encapsulated token and delimiter"; a body that breaks off is the client's doing as well
            throw new InvalidInputException("file", "is not readable CSV: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // commons-csv: a duplicate or empty header name.
            throw new InvalidInputException("header", e.getMessage());
        }
    }

    private static SurveyResponse fromCsv(CSVRecord record, List<String> header) {
        Map<String, String> v = new HashMap<>();
        for (String column : header) {
            String value = record.isSet(column) ? record.get(column) : null;
            v.put(column, value == null || value.isEmpty() ? null : value);
        }
        SurveyResponse r = new SurveyResponse();
        r.customerId = uuid(v.get("customerId"), "customerId");
        r.caseId = uuid(v.get("caseId"), "caseId");
        r.source = v.get("source");
        r.externalId = v.get("externalId");
        if (v.get("kind") != null) {
            try {
                r.kind = SurveyKind.valueOf(v.get("kind").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("kind", "must be NPS or CSAT (got '" + v.get("kind") + "')");
            }
        }
        if (v.get("score") != null) {
            try {
                r.score = Integer.valueOf(v.get("score"));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("score", "must be a whole number (got '" + v.get("score") + "')");
            }
        }
        r.comment = v.get("comment");
        if (v.get("respondedAt") != null) {
            try {
                r.respondedAt = Instant.parse(v.get("respondedAt"));
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("respondedAt", "must be an ISO instant such as 2026-11-30T09:15:00Z "
                        + "(got '" + v.get("respondedAt") + "')");
            }
        }
        return r;
    }

    private static void report(List<FieldProblem> problems, long line, String message) {
        if (problems.size() < MAX_REPORTED) {
            problems.add(new FieldProblem("line " + line, message));
        }
    }

    private static UUID uuid(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be a UUID (got '" + value + "')");
        }
    }

    private static void readJsonLines(Reader body, LineHandler handler, List<FieldProblem> problems)
            throws IOException {
        BufferedReader reader = new BufferedReader(body);
        String text;
        long line = 0;
        while ((text = reader.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            SurveyResponse answer;
            try {
                answer = JSON.readValue(text, SurveyResponse.class);
            } catch (UnrecognizedPropertyException e) {
                report(problems, line, "has an unknown field '" + e.getPropertyName() + "'; the fields are "
                        + String.join(", ", COLUMNS));
                continue;
            } catch (JsonProcessingException e) {
                report(problems, line, "is not an answer as one JSON object (" + e.getOriginalMessage()
                        .replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z.]+\\.([A-Za-z]+)`", "$1") + ")");
                continue;
            }
            handler.accept(line, answer);
        }
    }
}
