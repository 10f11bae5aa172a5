package dev.mcphybrid.tools;

/** One category with how many tools are in it; {@code kind} is tag, hint or prefix (see README). */
public record CategoryCount(String category, String kind, int count) {
}
