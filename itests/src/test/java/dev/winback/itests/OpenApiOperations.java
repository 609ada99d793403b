package dev.winback.itests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the operations out of the served OpenAPI document, for the tests that walk every endpoint. */
final class OpenApiOperations {
    static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::[^{}]+)?}");

    private OpenApiOperations() {
    }

    /** "METHOD /path" of every operation the document describes, paths {@link #normalised}. */
    static Set<String> documented(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (!method.equals("parameters")) {
                    operations.add(method.toUpperCase() + " " + normalised(path.getKey()));
                }
            }
        }
        return operations;
    }

    /** A path with a leading slash, no trailing one, and its variables without their patterns. */
    static String normalised(String path) {
        String p = "/" + path.replaceAll("^/+|/+$", "").replaceAll("/{2,}", "/");
        Matcher m = TEMPLATE_VARIABLE.matcher(p);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("{" + m.group(1) + "}"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The documented path with each variable filled in with something well-formed that names nothing. */
    static String concrete(String template) {
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.toLowerCase().endsWith("id") ? UUID.randomUUID().toString() : "no-such-" + name;
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
