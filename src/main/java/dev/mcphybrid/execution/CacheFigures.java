package dev.mcphybrid.execution;

/** The result cache's counters: hits and misses since start, entries held now. */
public record CacheFigures(long hits, long misses, int entries) {
}
