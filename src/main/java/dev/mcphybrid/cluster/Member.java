package dev.mcphybrid.cluster;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbTransient;
import java.time.Instant;

/**
 * One instance of the cluster as {@code /api/status} lists it. {@code heartbeatAt} is when it last announced itself;
 * a member that stays silent for {@code gateway.cluster.member-timeout-ms} is gone from the list. {@code announced}
 * is what the member's features published with its heartbeat (see {@link ClusterMembers#announce}).
 */
public record Member(String id, String version, Instant startedAt, Instant heartbeatAt, boolean leader, boolean self,
                     @JsonbTransient JsonObject announced) {
}
