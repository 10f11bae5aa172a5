package dev.mcphybrid.common;

import java.util.regex.Pattern;

/**
 * Operator-written patterns where {@code *} matches any run of characters and {@code ?} exactly one, e.g.
 * {@code *.corp.internal} or {@code search.query?}.
 */
public final class Globs {

    private Globs() {
    }

    public static Pattern compile(String glob, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.trim().toCharArray()) {
            if (c == '*' || c == '?') {
                appendQuoted(regex, literal);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        appendQuoted(regex, literal);
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    private static void appendQuoted(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
