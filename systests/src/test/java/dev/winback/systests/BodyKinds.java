package dev.winback.systests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The kinds of hostile body the fuzz test sends, each built from a seed and the operation's schema, so that jqwik can
 * shrink a failing one to a small kind and seed. Most start from an object that fits the schema, since a body that
 * fails to parse never reaches the code behind it.
 */
final class BodyKinds {
    static final int COUNT = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Body(byte[] bytes, String note) {
    }

    private BodyKinds() {
    }

    static Body make(int kind, long seed, JsonNode schema) {
        Random random = new Random(seed);
        JsonNode fitting = fitting(schema, random, 0);
        return switch (kind) {
            case 0 -> json(fitting, "fits the schema");
            case 1 -> json(mutateOneField(fitting, random, wrongType(random)), "one field of a wrong type");
            case 2 -> json(withField(fitting, "noSuchField" + random.nextInt(100), NODES.textNode("x")),
                    "an unknown field");
            case 3 -> json(mutateOneField(fitting, random, NODES.textNode("a\u0000b\u0000")), "NUL characters");
            case 4 -> raw(replaceOneValue(fitting, random, List.of("1e999999", "-1e999999",
                    "123456789012345678901234567890123456789", "0.000000000000000000000000000000001e-999",
                    "-0", "9223372036854775808")), "a huge number");
            case 5 -> raw("[".repeat(5_000 + random.nextInt(100_000)), "deep nesting");
            case 6 -> new Body(invalidUtf8(json(fitting, "").bytes(), random), "invalid UTF-8");
            case 7 -> raw(duplicateKey(fitting), "a duplicate key");
            case 8 -> {
                byte[] whole = json(fitting, "").bytes();
                yield new Body(java.util.Arrays.copyOf(whole, Math.max(1, whole.length / 2)), "truncated");
            }
            case 9 -> new Body(new byte[0], "empty");
            case 10 -> raw(List.of("[]", "null", "42", "\"text\"", "true", "[{}]", "{}").get(random.nextInt(7)),
                    "not an object");
            case 11 -> json(mutateOneField(fitting, random, NODES.textNode("x".repeat(200_000 + random.nextInt(
                    900_000)))), "a very long string");
            case 12 -> new Body(HostileInputFuzzIT.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                    json(fitting, "").bytes()), "a byte order mark");
            case 13 -> {
                byte[] bytes = new byte[1 + random.nextInt(2000)];
                random.nextBytes(bytes);
                yield new Body(bytes, "random bytes");
            }
            case 14 -> raw("00001 19970101 1 11.77\n=cmd|' /C calc'!A0 19970102 1 1\n" + "9".repeat(1 + random
                    .nextInt(100_000)) + "\n", "hostile CSV lines");
            default -> raw("{\"a\":" + "{\"a\":".repeat(2_000 + random.nextInt(20_000)), "deep objects");
        };
    }

    /** Bytes that are not UTF-8 (a lone continuation byte, an overlong form, 0xFF) put inside the first string. */
    private static byte[] invalidUtf8(byte[] json, Random random) {
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int quote = -1;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '"') {
                quote = i;
                break;
            }
        }
        int at = quote < 0 ? json.length / 2 : quote + 1;
        return HostileInputFuzzIT.concat(java.util.Arrays.copyOf(json, at), insert,
                java.util.Arrays.copyOfRange(json, at, json.length));
    }

    private static Body json(JsonNode node, String note) {
        try {
            return new Body(JSON.writeValueAsBytes(node), note);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Body raw(String text, String note) {
        return new Body(text.getBytes(StandardCharsets.UTF_8), note);
    }

    /** A value that fits the schema as far as types, enums and required fields go. */
    static JsonNode fitting(JsonNode schema, Random random, int depth) {
        if (schema == null || schema.isMissingNode()) {
            return NODES.objectNode();
        }
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            return schema.path("enum").get(random.nextInt(schema.path("enum").size()));
        }
        for (String combined : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combined) && schema.path(combined).size() > 0) {
                return fitting(schema.path(combined).get(0), random, depth + 1);
            }
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object": {
                ObjectNode object = NODES.objectNode();
                if (depth > 4) {
                    return object;
                }
                for (Iterator<java.util.Map.Entry<String, JsonNode>> p = schema.path("properties").fields();
                        p.hasNext();) {
                    java.util.Map.Entry<String, JsonNode> property = p.next();
                    if (property.getValue().path("readOnly").asBoolean(false)) {
                        continue;
                    }
                    object.set(property.getKey(), fitting(property.getValue(), random, depth + 1));
                }
                return object;
            }
            case "array": {
                ArrayNode array = NODES.arrayNode();
                if (depth <= 4) {
                    int n = random.nextInt(3);
                    for (int i = 0; i < n; i++) {
                        array.add(fitting(schema.path("items"), random, depth + 1));
                    }
                }
                return array;
            }
            case "integer":
                return NODES.numberNode(random.nextInt(5) == 0 ? -random.nextInt(1000) : random.nextInt(1000));
            case "number":
                return NODES.numberNode(random.nextDouble() * 1000);
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            default: {
                String format = schema.path("format").asText("");
                return NODES.textNode(switch (format) {
                    case "uuid" -> java.util.UUID.randomUUID().toString();
                    case "date" -> "2026-11-" + (10 + random.nextInt(20));
                    case "date-time" -> "2026-11-" + (10 + random.nextInt(20)) + "T10:00:00Z";
                    case "uri" -> "https://example.com/" + random.nextInt(100);
                    case "email" -> "x" + random.nextInt(100) + "@example.com";
                    default -> List.of("price", "rep1", "EUR", "crm", "OPEN", "x", "Acme Ltd", "2026-11")
                            .get(random.nextInt(8));
                });
            }
        }
    }

    private static JsonNode wrongType(Random random) {
        return List.<JsonNode>of(NODES.numberNode(7), NODES.textNode("seven"), NODES.booleanNode(true),
                NODES.arrayNode().add(1), NODES.objectNode().put("a", 1), NODES.nullNode(),
                NODES.numberNode(1.5)).get(random.nextInt(7));
    }

    private static JsonNode mutateOneField(JsonNode node, Random random, JsonNode value) {
        if (!node.isObject() || node.size() == 0) {
            return value.isTextual() ? withField(node, "name", value) : node;
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.set(names.get(random.nextInt(names.size())), value);
        return copy;
    }

    private static JsonNode withField(JsonNode node, String name, JsonNode value) {
        ObjectNode copy = node.isObject() ? ((ObjectNode) node).deepCopy() : NODES.objectNode();
        copy.set(name, value);
        return copy;
    }

    /** The JSON text with one field's value replaced by a raw token Jackson's tree could not hold. */
    private static String replaceOneValue(JsonNode node, Random random, List<String> tokens) {
        String token = tokens.get(random.nextInt(tokens.size()));
        if (!node.isObject() || node.size() == 0) {
            return "{\"amount\":" + token + "}";
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        String name = names.get(random.nextInt(names.size()));
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.put(name, "__TOKEN__");
        return copy.toString().replace("\"__TOKEN__\"", token);
    }

    private static String duplicateKey(JsonNode node) {
        if (!node.isObject() || node.size() == 0) {
            return "{\"a\":1,\"a\":2}";
        }
        String first = node.fieldNames().next();
        String text = node.toString();
        return "{\"" + first + "\":" + node.get(first) + "," + text.substring(1);
    }
}
