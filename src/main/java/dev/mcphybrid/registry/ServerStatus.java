package dev.mcphybrid.registry;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** A consistent snapshot of one server for the API and health checks. Carries no credentials. */
public record ServerStatus(
        String id,
        String name,
        String transport,
        String target,
        String origin,
        boolean enabled,
        List<String> tags,
        List<String> capabilities,
        ServerState state,
        String serverName,
        String serverVersion,
        String protocolVersion,
        JsonObject serverCapabilities,
        Long latencyMs,
        String lastError,
        int consecutiveFailures,
        Instant connectedAt,
        Instant lastCheckedAt,
        Instant nextReconnectAt,
        Instant toolsListedAt,
        int toolListChanges,
        int toolCount,
        int resourceCount,
        int promptCount) {
}
