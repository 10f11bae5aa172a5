package dev.mcphybrid.registry;

/** CDI event fired whenever a server moves from one state to another. */
public record ServerStateChanged(String serverId, ServerState previous, ServerState current, String error) {
}
