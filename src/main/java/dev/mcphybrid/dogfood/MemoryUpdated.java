package dev.mcphybrid.dogfood;

import java.util.List;
import java.util.UUID;

/**
 * CDI event fired after each successful write to the memory server (streamed as {@code memory_update}).
 *
 * @param serverId     the memory server written to
 * @param tool         {@code create_entities} or {@code add_observations}
 * @param executionId  the audited execution of the write
 * @param entities     the entity names written
 * @param observations the observations added (none for {@code create_entities})
 */
public record MemoryUpdated(String serverId, String tool, UUID executionId, List<String> entities, List<Observation> observations) {

    public MemoryUpdated {
        entities = List.copyOf(entities);
        observations = List.copyOf(observations);
    }
}
