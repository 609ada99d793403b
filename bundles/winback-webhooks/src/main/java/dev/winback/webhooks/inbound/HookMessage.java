package dev.winback.webhooks.inbound;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.winback.api.InvalidInputException;
import dev.winback.api.InvalidInputException.FieldProblem;
import dev.winback.api.UnprocessableException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A verified inbound body, {@code {"type": ..., "timestamp": ..., "data": {...}}}, read into what its type needs.
 * Every check happens here, before anything is written: a body that fails one is refused whole. Members this
 * version does not know are ignored, so a host may send more than Winback reads.
 */
final class HookMessage {
    static final String DEAL_LOST = "deal.lost";
    static final String CUSTOMER_LOST = "customer.lost";
    static final String CUSTOMER_UPSERTED = "customer.upserted";
    static final String PURCHASE_RECORDED = "purchase.recorded";
    static final List<String> TYPES = List.of(DEAL_LOST, CUSTOMER_LOST, CUSTOMER_UPSERTED, PURCHASE_RECORDED);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    final String type;
    final Instant timestamp;
    final String externalId;
    final String name;
    final String segment;
    final String ownerRep;
    final String lossReason;
    final Instant lostAt;
    final String notes;
    final LocalDate date;
    final BigDecimal amount;
    final String currency;
    final String transactionId;

    private HookMessage(JsonNode root, List<FieldProblem> problems) {
        type = root.get("type").textValue();
        timestamp = instant(root.get("timestamp"), "timestamp", problems);
        JsonNode data = root.get("data");
        externalId = text(data, "externalId", true, problems);
        name = text(data, "name", false, problems);
        segment = text(data, "segment", false, problems);
        ownerRep = text(data, "ownerRep", false, problems);
        boolean loss = type.equals(DEAL_LOST) || type.equals(CUSTOMER_LOST);
        lossReason = loss ? text(data, "lossReason", false, problems) : null;
        lostAt = loss ? instant(data.get("lostAt"), "data.lostAt", problems) : null;
        notes = loss ? text(data, "notes", false, problems) : null;
        boolean purchase = type.equals(PURCHASE_RECORDED);
        date = purchase ? date(data.get("date"), problems) : null;
        amount = purchase ? amount(data.get("amount"), problems) : null;
        currency = purchase ? text(data, "currency", false, problems) : null;
        transactionId = purchase ? text(data, "transactionId", true, problems) : null;
    }

    /**
     * Reads a body.
     *
     * @throws InvalidInputException (400) not JSON, not an object, no type or data, a member of the wrong kind
     * @throws UnprocessableException (422) a type Winback does not handle
     */
    static HookMessage parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "is not well-formed JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException("body", "could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object {\"type\": ..., \"timestamp\": ..., "
                    + "\"data\": {...}}");
        }
        List<FieldProblem> problems = new ArrayList<>();
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual() || type.textValue().isBlank()) {
            problems.add(new FieldProblem("type", "is required: one of " + String.join(", ", TYPES)));
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            problems.add(new FieldProblem("data", "is required: an object naming the customer by externalId"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (!TYPES.contains(type.textValue())) {
            throw new UnprocessableException("type", "'" + type.textValue() + "' is not a type Winback takes; "
                    + "send one of " + String.join(", ", TYPES));
        }
        HookMessage message = new HookMessage(root, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return message;
    }

    private static String text(JsonNode data, String field, boolean required, List<FieldProblem> problems) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new FieldProblem("data." + field, "is required"));
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new FieldProblem("data." + field, "must be text"));
            return null;
        }
        String value = node.textValue().strip();
        if (value.isEmpty() && required) {
            problems.add(new FieldProblem("data." + field, "is required"));
        }
        return value.isEmpty() ? null : value;
    }

    /** An ISO-8601 instant, or a date (taken as its start, UTC). */
    private static Instant instant(JsonNode node, String field, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.textValue());
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(node.textValue()).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    // reported below
                }
            }
        }
        problems.add(new FieldProblem(field, "must be an ISO-8601 time such as 2026-11-23T09:30:00Z, or a date"));
        return null;
    }

    private static LocalDate date(JsonNode node, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            problems.add(new FieldProblem("data.date", "is required: the purchase's date, such as 2026-11-23"));
            return null;
        }
        try {
            if (node.isTextual()) {
                return LocalDate.parse(node.textValue());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(new FieldProblem("data.date", "must be an ISO date such as 2026-11-23"));
        return null;
    }

    /** A number, or a number written as text (hosts differ). */
    private static BigDecimal amount(JsonNode node, List<FieldProblem> problems) {
        if (node == null || node.isNull()) {
            problems.add(new FieldProblem("data.amount", "is required"));
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(new FieldProblem("data.amount", "must be a number such as 49.90"));
        return null;
    }
}
