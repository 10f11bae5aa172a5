package dev.mcphybrid.workflow;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A step's {@code when}: one reference, true unless it is missing, null, false, 0 or empty ({@code ${input.store}}),
 * optionally negated ({@code !${input.dryRun}}), or two operands compared with {@code ==} or {@code !=}
 * ({@code ${steps.fetch.status} == SUCCEEDED}). An operand is a reference or a literal: a number, true, false,
 * null, a quoted string ('x' or "x") or a bare word (a string).
 */
public record Condition(String text, Operand left, String operator, Operand right, boolean negated) {

    /** @throws IllegalArgumentException saying what is wrong */
    public static Condition parse(String text) {
        String body = text.strip();
        for (String operator : List.of("==", "!=")) {
            int at = operatorIndex(body, operator);
            if (at >= 0) {
                return new Condition(text, Operand.parse(body.substring(0, at)), operator, Operand.parse(body.substring(at + 2)), false);
            }
        }
        boolean negated = body.startsWith("!");
        Operand single = Operand.parse(negated ? body.substring(1) : body);
        if (single.reference() == null) {
            throw new IllegalArgumentException("'" + text + "' compares nothing: write ${...}, !${...} or two operands with == or !=");
        }
        return new Condition(text, single, null, null, negated);
    }

    /** The operator's position outside any ${...} or quotes, or -1. */
    private static int operatorIndex(String body, String operator) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < body.length() - 1; i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (body.startsWith("${", i)) {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (depth == 0 && body.startsWith(operator, i)) {
                return i;
            }
        }
        return -1;
    }

    public List<Reference> references() {
        List<Reference> found = new ArrayList<>();
        if (left.reference() != null) {
            found.add(left.reference());
        }
        if (right != null && right.reference() != null) {
            found.add(right.reference());
        }
        return found;
    }

    public boolean holds(Reference.Scope scope) {
        if (operator == null) {
            return truthy(left.value(scope)) != negated;
        }
        boolean equal = same(left.value(scope), right.value(scope));
        return operator.equals("==") == equal;
    }

    static boolean truthy(Optional<JsonValue> value) {
        if (value.isEmpty()) {
            return false;
        }
        JsonValue v = value.get();
        return switch (v.getValueType()) {
            case NULL, FALSE -> false;
            case STRING -> !((JsonString) v).getString().isEmpty();
            case NUMBER -> ((JsonNumber) v).bigDecimalValue().signum() != 0;
            default -> true;
        };
    }

    private static boolean same(Optional<JsonValue> a, Optional<JsonValue> b) {
        JsonValue x = a.orElse(JsonValue.NULL);
        JsonValue y = b.orElse(JsonValue.NULL);
        if (x instanceof JsonNumber m && y instanceof JsonNumber n) {
            return m.bigDecimalValue().compareTo(n.bigDecimalValue()) == 0;
        }
        return x.equals(y);
    }

    /** A reference or a literal value. */
    public record Operand(Reference reference, JsonValue literal) {

        static Operand parse(String raw) {
            String text = raw.strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("an operand is missing");
            }
            if (text.startsWith("${") && text.endsWith("}") && text.indexOf('}') == text.length() - 1) {
                return new Operand(Reference.parse(text.substring(2, text.length() - 1)), null);
            }
            if (text.contains("${")) {
                throw new IllegalArgumentException("'" + text + "': an operand is one ${...} or one literal");
            }
            if (text.length() >= 2 && (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
                return new Operand(null, JSON.createValue(text.substring(1, text.length() - 1)));
            }
            if (text.matches("true|false|null|-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                try (var reader = JSON.createReader(new StringReader(text))) {
                    return new Operand(null, reader.readValue());
                }
            }
            if (text.matches("[A-Za-z0-9_.-]+")) {
                return new Operand(null, JSON.createValue(text));
            }
            throw new IllegalArgumentException("'" + text + "' is neither a ${...} nor a literal (quote text with spaces)");
        }

        Optional<JsonValue> value(Reference.Scope scope) {
            return reference != null ? reference.resolve(scope) : Optional.of(literal);
        }
    }
}
