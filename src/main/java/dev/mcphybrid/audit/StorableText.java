package dev.mcphybrid.audit;

/**
 * Makes text storable in PostgreSQL, which refuses the NUL character in {@code text}/{@code varchar} and the
 * escape &#92;u0000 in {@code jsonb}, and refuses a {@code jsonb} string holding half of a surrogate pair.
 * Each such character becomes U+FFFD (the Unicode replacement character, shown as "�"); JSON stays valid JSON and
 * every other character is kept as it was. See db/README.md, "Characters PostgreSQL cannot store".
 */
public final class StorableText {

    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** Plain text: NUL and unpaired surrogates become U+FFFD. */
    public static String text(String value) {
        if (value == null || clean(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                out.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text: the escape &#92;u0000, escapes of unpaired surrogates, raw NUL and unpaired surrogate characters
     * all become the character U+FFFD itself (valid inside a JSON string). An escaped backslash followed by u0000
     * (those six characters as text) is left alone.
     */
    public static String json(String value) {
        if (value == null || (value.indexOf('\\') < 0 && clean(value))) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 >= value.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (value.charAt(i + 1) != 'u' || i + 6 > value.length()) {
                out.append(c).append(value.charAt(i + 1)); // any other escape, e.g. \\ or \"
                i += 2;
                continue;
            }
            int code = hex(value, i + 2);
            if (code == 0) {
                out.append(REPLACEMENT);
                i += 6;
            } else if (code >= 0 && Character.isHighSurrogate((char) code)) {
                int next = value.startsWith("\\u", i + 6) ? hex(value, i + 8) : -1;
                if (next >= 0 && Character.isLowSurrogate((char) next)) {
                    out.append(value, i, i + 12);
                    i += 12;
                } else {
                    out.append(REPLACEMENT);
                    i += 6;
                }
            } else if (code >= 0 && Character.isLowSurrogate((char) code)) {
                out.append(REPLACEMENT); // a low half not preceded by a high one
                i += 6;
            } else {
                out.append(value, i, i + 6);
                i += 6;
            }
        }
        return text(out.toString());
    }

    private static boolean clean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The four hex digits at {@code at} as a number, or -1. */
    private static int hex(String value, int at) {
        if (at + 4 > value.length()) {
            return -1;
        }
        int code = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(value.charAt(k), 16);
            if (digit < 0) {
                return -1;
            }
            code = code * 16 + digit;
        }
        return code;
    }
}
