package dev.mcphybrid.workflow;

import jakarta.json.JsonValue;
import java.time.Duration;

/** A tool call of a definition: which tool, and its arguments as a template (see {@link Template}). */
public record ToolStep(String tool, JsonValue arguments, Duration timeout) {
}
