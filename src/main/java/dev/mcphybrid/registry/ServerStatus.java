package dev.mcphybrid.registry;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent snapshot of one server for the API and health checks. Carries no credentials. {@code instances} is set
 * for servers reached over the network when the gateway runs as a cluster: the state each instance sees it in (each
 * has its own connection and health checks), the same whichever instance answers; null otherwise.
 */
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
        int promptCount,
        Map<String, ServerState> instances) {

    ServerStatus withInstances(Map<String, ServerState> states) {
        return new ServerStatus(id, name, transport, target, origin, enabled, tags, capabilities, state, serverName,
                serverVersion, protocolVersion, serverCapabilities, latencyMs, lastError, consecutiveFailures, connectedAt,
                lastCheckedAt, nextReconnectAt, toolsListedAt, toolListChanges, toolCount, resourceCount, promptCount, states);
    }
}
