package dev.mcphybrid.execution;

import dev.mcphybrid.mcp.Cancellation;
import dev.mcphybrid.mcp.ClientRequests;
import dev.mcphybrid.mcp.Progress;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One call for {@link ToolExecutor}: which tool, its arguments parsed once by whoever received them, how long the
 * caller will wait, who the caller is, where the tool's progress notifications go while it runs (an MCP client
 * that sent a progress token hears them; the executor also publishes them as events whatever this is), and how the
 * caller may give up on it, and whom the server may ask things during the call (an MCP client: sampling,
 * elicitation). A workflow step also names its run and step (kept in the audit row) and chooses the
 * execution id beforehand, so its run knows the audit row of a call that never answered.
 */
public record ToolCall(ToolId tool, JsonObject arguments, Duration timeout, CallerInfo caller, Consumer<Progress> onProgress,
                       Cancellation cancellation, UUID executionId, RunStep runStep, ClientRequests client) {

    private static final Consumer<Progress> NOBODY = progress -> { };

    public ToolCall {
        if (tool == null || arguments == null || timeout == null || caller == null) {
            throw new IllegalArgumentException("a tool call needs a tool, arguments, a timeout and a caller");
        }
        onProgress = onProgress == null ? NOBODY : onProgress;
        cancellation = cancellation == null ? Cancellation.none() : cancellation;
        client = client == null ? ClientRequests.NONE : client;
    }

    public ToolCall(ToolId tool, JsonObject arguments, Duration timeout, CallerInfo caller, Consumer<Progress> onProgress,
                    Cancellation cancellation, UUID executionId, RunStep runStep) {
        this(tool, arguments, timeout, caller, onProgress, cancellation, executionId, runStep, ClientRequests.NONE);
    }

    public ToolCall(ToolId tool, JsonObject arguments, Duration timeout, CallerInfo caller, Consumer<Progress> onProgress,
                    Cancellation cancellation) {
        this(tool, arguments, timeout, caller, onProgress, cancellation, null, null, ClientRequests.NONE);
    }

    /** A call whose caller neither follows its progress nor cancels it. */
    public ToolCall(ToolId tool, JsonObject arguments, Duration timeout, CallerInfo caller) {
        this(tool, arguments, timeout, caller, NOBODY, Cancellation.none(), null, null, ClientRequests.NONE);
    }
}
