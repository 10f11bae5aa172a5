package dev.mcphybrid.registry;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in catalogue values, so URLs and secrets can come from the
 * environment instead of the file, and {@code ${file:/path}} to the contents of a file (a mounted secret).
 * {@code $${...}} stays literal.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\$\\{(file:[^}]+|[A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");

    private Placeholders() {
    }

    /** @throws IllegalArgumentException naming the variable when it is unset and has no default */
    static String expand(String value, Function<String, String> lookup) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().startsWith("$$")) {
                replacement = matcher.group().substring(1);
            } else {
                String resolved = lookup.apply(matcher.group(1));
                if (resolved == null) {
                    resolved = matcher.group(2);
                }
                if (resolved == null) {
                    throw new IllegalArgumentException(matcher.group(1).startsWith("file:")
                            ? "cannot read " + matcher.group(1).substring(5) : "variable " + matcher.group(1) + " is not set and has no default");
                }
                replacement = resolved;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
