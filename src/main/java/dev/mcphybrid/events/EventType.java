package dev.mcphybrid.events;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of event the gateway streams; the wire names are those of DESIGN.md. */
public enum EventType {
    LOG_ENTRY("log_entry", true),
    SERVER_STATUS("server_status", false),
    TOOL_UPDATE("tool_update", false),
    WORKFLOW_UPDATE("workflow_update", false),
    SYSTEM_ALERT("system_alert", false),
    MEMORY_UPDATE("memory_update", false),
    EXECUTION("execution", true);

    private final String wireName;
    private final boolean highFrequency;

    EventType(String wireName, boolean highFrequency) {
        this.wireName = wireName;
        this.highFrequency = highFrequency;
    }

    public String wireName() {
        return wireName;
    }

    /** Batched per WebSocket client rather than sent one by one. */
    public boolean highFrequency() {
        return highFrequency;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
