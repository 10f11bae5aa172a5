package dev.mcphybrid.ratelimit;

import dev.mcphybrid.security.Caller;
import java.util.Objects;

/** Checks one tool call against the caller's bucket ({@code principal:<name>}), then the tool's ({@code tool:<id>}). */
final class ToolCallLimiter {

    private final RateLimiter limiter;
    private final Limit perPrincipal;
    private final ToolLimits perTool;

    ToolCallLimiter(RateLimiter limiter, Limit perPrincipal, ToolLimits perTool) {
        this.limiter = limiter;
        this.perPrincipal = perPrincipal;
        this.perTool = perTool;
    }

    /**
     * A caller over its own limit is refused before the tool's bucket is touched, so one busy caller cannot use up
     * a tool for everyone. A token taken from the caller's bucket is not given back when the tool refuses.
     */
    Decision check(String principal, String toolId) {
        Objects.requireNonNull(toolId, "toolId");
        String caller = principal == null || principal.isBlank() ? Caller.ANONYMOUS : principal;
        Decision byCaller = limiter.acquire("principal:" + caller, perPrincipal);
        if (!byCaller.allowed()) {
            return byCaller;
        }
        Decision byTool = limiter.acquire("tool:" + toolId, perTool.forTool(toolId));
        if (!byTool.allowed()) {
            return byTool;
        }
        return Decision.allow(Math.min(byCaller.remaining(), byTool.remaining()));
    }
}
