package dev.mcphybrid.registry;

/**
 * CDI event fired when a server leaves the registry (unregistered, or dropped from the catalogue). A changed
 * catalogue entry is removed and added again at once, so an observer should check whether the id is back.
 */
public record ServerRemoved(String serverId) {
}
