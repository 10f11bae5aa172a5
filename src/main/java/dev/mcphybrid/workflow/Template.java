package dev.mcphybrid.workflow;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Arguments built from a JSON template whose strings may hold {@code ${...}} references ({@link Reference}). A string
 * that is exactly one reference is replaced by the value itself, whatever its type (whole-value substitution); a
 * reference to nothing then leaves the object member out (so optional inputs stay optional), or is null in an array.
 * In any other string each reference is replaced by its text (strings as they are, other values as JSON); a
 * reference to nothing there is an error. {@code $${} writes a literal {@code ${}. Object keys are never substituted.
 */
public final class Template {

    private Template() {
    }

    /** Thrown when a template cannot be evaluated; the step fails with the message. */
    public static final class EvaluationException extends RuntimeException {
        EvaluationException(String message) {
            super(message, null, false, false);
        }
    }

    /** Every reference in the template, parsed; problems are added to {@code problems} prefixed with {@code where}. */
    public static List<Reference> references(JsonValue template, String where, List<String> problems) {
        List<Reference> found = new ArrayList<>();
        collect(template, where, problems, found);
        return found;
    }

    private static void collect(JsonValue value, String where, List<String> problems, List<Reference> found) {
        if (value instanceof JsonObject object) {
            object.forEach((key, child) -> collect(child, where + "." + key, problems, found));
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                collect(array.get(i), where + "[" + i + "]", problems, found);
            }
        } else if (value instanceof JsonString text) {
            try {
                for (Part part : parts(text.getString())) {
                    if (part.reference() != null) {
                        found.add(part.reference());
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
    }

    public static JsonValue evaluate(JsonValue template, Reference.Scope scope) {
        return evaluate(template, scope, false).orElse(JsonValue.NULL);
    }

    private static Optional<JsonValue> evaluate(JsonValue value, Reference.Scope scope, boolean member) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder out = JSON.createObjectBuilder();
            object.forEach((key, child) -> evaluate(child, scope, true).ifPresent(v -> out.add(key, v)));
            return Optional.of(out.build());
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder out = JSON.createArrayBuilder();
            array.forEach(child -> out.add(evaluate(child, scope, false).orElse(JsonValue.NULL)));
            return Optional.of(out.build());
        }
        if (value instanceof JsonString text) {
            return substitute(text.getString(), scope, member);
        }
        return Optional.of(value);
    }

    private static Optional<JsonValue> substitute(String text, Reference.Scope scope, boolean member) {
        List<Part> parts = parts(text);
        if (parts.size() == 1 && parts.get(0).reference() != null) {
            Optional<JsonValue> whole = parts.get(0).reference().resolve(scope);
            return member ? whole : Optional.of(whole.orElse(JsonValue.NULL));
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.reference() == null) {
                out.append(part.literal());
            } else {
                JsonValue resolved = part.reference().resolve(scope).orElseThrow(() -> new EvaluationException(
                        "${" + part.reference().text() + "} refers to nothing"));
                out.append(resolved instanceof JsonString s ? s.getString() : resolved.toString());
            }
        }
        return Optional.of(string(out.toString()));
    }

    /** One piece of a string: literal text or a reference. */
    record Part(String literal, Reference reference) {
    }

    /** @throws IllegalArgumentException for an unclosed or malformed reference */
    static List<Part> parts(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("'" + text + "': ${ without a closing }");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Part(literal.toString(), null));
                    literal.setLength(0);
                }
                parts.add(new Part(null, Reference.parse(text.substring(i + 2, end))));
                i = end + 1;
            } else {
                literal.append(text.charAt(i++));
            }
        }
        if (!literal.isEmpty() || parts.isEmpty()) {
            parts.add(new Part(literal.toString(), null));
        }
        return parts;
    }

    static JsonString string(String value) {
        return JSON.createValue(value);
    }
}
