package dev.mcphybrid.registry;

import java.util.List;

/** CDI event fired when a server's tool list changes (connect, disconnect, list_changed, refresh). */
public record ToolsChanged(String serverId, List<String> added, List<String> removed, int total) {
}
