package dev.mcphybrid.execution;

import jakarta.json.JsonObject;
import java.time.Duration;

/**
 * One call for {@link ToolExecutor}: which tool, its arguments parsed once by whoever received them, how long the
 * caller will wait, and who the caller is.
 */
public record ToolCall(ToolId tool, JsonObject arguments, Duration timeout, CallerInfo caller) {

    public ToolCall {
        if (tool == null || arguments == null || timeout == null || caller == null) {
            throw new IllegalArgumentException("a tool call needs a tool, arguments, a timeout and a caller");
        }
    }
}
