package dev.mcphybrid.dogfood;

/** One fact about an entity, worded with its time, e.g. "2026-11-26T03:40:00Z server everything became UNHEALTHY: ...". */
public record Observation(GraphEntity entity, String text) {
}
