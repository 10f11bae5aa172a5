package dev.mcphybrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphybrid.common.GatewayVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Membership and the once-per-cluster lease of three members on the real Redis. */
class ClusterMembersIT {

    private final String prefix = "mcp-gateway-it:members-" + UUID.randomUUID();
    private final List<ClusterMembers> members = List.of(member("m1"), member("m2"), member("m3"));

    private ClusterMembers member(String id) {
        ClusterSettings settings = new ClusterSettings();
        settings.enabled = true;
        settings.redisUrl = Optional.of("redis://127.0.0.1:6379");
        settings.prefix = prefix;
        settings.instanceId = Optional.of(id);
        settings.httpPort = Optional.empty();
        settings.heartbeatMs = 100;
        settings.memberTimeoutMs = 600;
        settings.leaseMs = 600;
        ClusterStore store = new ClusterStore();
        store.settings = settings;
        store.connect();
        ClusterMembers member = new ClusterMembers();
        member.store = store;
        member.settings = settings;
        member.version = new GatewayVersion();
        return member;
    }

    @AfterEach
    void leave() {
        members.forEach(member -> {
            member.stop();
            member.store.close();
        });
    }

    private void heartbeat(List<ClusterMembers> alive) {
        alive.forEach(ClusterMembers::heartbeat);
    }

    @Test
    void every_member_lists_all_and_exactly_one_leads() {
        heartbeat(members);
        heartbeat(members);

        assertThat(members.stream().filter(ClusterMembers::leads)).hasSize(1);
        for (ClusterMembers member : members) {
            assertThat(member.members()).extracting(Member::id).containsExactly("m1", "m2", "m3");
            assertThat(member.members().stream().filter(Member::leader)).hasSize(1);
            assertThat(member.members().stream().filter(Member::self)).extracting(Member::id).containsExactly(member.instanceId());
        }
    }

    @Test
    void a_silent_member_is_dropped_and_its_lease_passes_to_another() {
        heartbeat(members);
        ClusterMembers leader = members.stream().filter(ClusterMembers::leads).findFirst().orElseThrow();
        List<ClusterMembers> others = members.stream().filter(m -> m != leader).toList();

        // the leader stops announcing itself (a crash): its key and its lease run out
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            heartbeat(others);
            return others.stream().anyMatch(ClusterMembers::leads)
                    && others.get(0).members().stream().noneMatch(m -> m.id().equals(leader.instanceId()));
        });
        assertThat(others.stream().filter(ClusterMembers::leads)).hasSize(1);
        assertThat(others.get(0).members()).extracting(Member::id).hasSize(2);
    }

    @Test
    void a_member_that_left_cleanly_hands_the_lease_over_at_once() {
        heartbeat(members);
        ClusterMembers leader = members.stream().filter(ClusterMembers::leads).findFirst().orElseThrow();
        leader.stop();

        List<ClusterMembers> others = members.stream().filter(m -> m != leader).toList();
        heartbeat(others);
        assertThat(others.stream().filter(ClusterMembers::leads)).hasSize(1);
        assertThat(others.get(0).members()).extracting(Member::id).doesNotContain(leader.instanceId());
    }

    @Test
    void a_member_that_cannot_reach_the_store_stops_leading() {
        ClusterMembers alone = members.get(0);
        heartbeat(List.of(alone));
        assertThat(alone.leads()).isTrue();

        alone.store.close(); // the store is gone for this member
        alone.heartbeat();

        assertThat(alone.leads()).isFalse();
        assertThat(alone.storeFailing()).isTrue();
        assertThat(alone.members()).extracting(Member::id).containsExactly("m1");
    }
}
