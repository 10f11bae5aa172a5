package dev.mcphybrid.common;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Operator-written patterns where {@code *} matches any run of characters, e.g. {@code *.corp.internal}. */
public final class Globs {

    private Globs() {
    }

    public static Pattern compile(String glob, boolean ignoreCase) {
        String regex = Arrays.stream(glob.trim().split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }
}
