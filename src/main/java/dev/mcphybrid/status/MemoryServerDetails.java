package dev.mcphybrid.status;

import dev.mcphybrid.dogfood.MemoryStoreStats;
import dev.mcphybrid.registry.ServerStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * {@code GET /api/status/memory-server}: the memory server's status (state, latency, last error, handshake), its
 * tools, and what the gateway has stored in it ({@link MemoryStoreStats}).
 */
@JsonbPropertyOrder({"server", "tools", "stored"})
public record MemoryServerDetails(ServerStatus server, List<Tool> tools, MemoryStoreStats.Snapshot stored) {

    public record Tool(String name, String description) {
    }
}
