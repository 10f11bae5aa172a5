package dev.mcphybrid.limits;

/**
 * How deeply a JSON text nests objects and arrays, found by scanning rather than parsing, so a hostile document
 * ({@code [[[[...}) is refused before any parser recurses into it.
 */
public final class JsonDepth {

    private JsonDepth() {
    }

    /** The deepest nesting in {@code json}; strings are skipped, so brackets inside them do not count. */
    public static int of(CharSequence json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return max;
    }
}
