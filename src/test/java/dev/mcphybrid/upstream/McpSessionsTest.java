package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class McpSessionsTest {

    private static final Duration TTL = Duration.ofMinutes(30);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FakeSharedSessions store = new FakeSharedSessions();
    private final McpSessions clustered = new McpSessions(store, TTL, "gateway-b", now::get);
    private final McpSessions single = new McpSessions(null, TTL, "gateway", now::get);

    private static McpSession session(String id, String principal) {
        return new McpSession(id, principal, "/mcp", "2025-06-18", "{}", 0, "gateway-a");
    }

    @Test
    void a_session_is_found_only_by_the_principal_that_created_it() {
        single.created(session("s1", "alice"), null);
        assertThat(single.find("s1", "alice", "/mcp")).isNotNull();
        assertThat(single.find("s1", "bob", "/mcp")).isNull();
        assertThat(single.find("s1", "alice", "/mcp/research")).isNull();
    }

    @Test
    void without_a_cluster_an_unknown_session_is_not_found_and_nothing_is_shared() {
        assertThat(single.find("nope", "alice", "/mcp")).isNull();
        single.created(session("s1", "alice"), null);
        single.deleted("s1");
        assertThat(single.find("s1", "alice", "/mcp")).isNull();
        assertThat(store.commands).isEmpty();
    }

    @Test
    void a_session_created_on_another_instance_is_loaded_from_the_shared_store() {
        store.entries.put("s1", session("s1", "alice"));
        McpSessions.Held found = clustered.find("s1", "alice", "/mcp");
        assertThat(found.session).isEqualTo(session("s1", "alice"));
        assertThat(found.sdk).as("not running here yet").isNull();
        assertThat(store.commands).containsExactly("load s1", "refresh s1");
    }

    @Test
    void another_principal_does_not_get_a_shared_session_and_does_not_keep_it_alive() {
        store.entries.put("s1", session("s1", "alice"));
        assertThat(clustered.find("s1", "bob", "/mcp")).isNull();
        assertThat(store.commands).containsExactly("load s1");
        assertThat(clustered.heldCount()).isZero();
    }

    @Test
    void a_session_deleted_through_another_instance_is_over_here_too() {
        clustered.created(session("s1", "alice"), null);
        store.entries.remove("s1"); // DELETE on another instance
        assertThat(clustered.find("s1", "alice", "/mcp")).isNull();
        assertThat(clustered.heldCount()).isZero();
    }

    @Test
    void a_delete_here_removes_the_shared_entry() {
        clustered.created(session("s1", "alice"), null);
        clustered.deleted("s1");
        assertThat(store.entries).doesNotContainKey("s1");
        assertThat(clustered.find("s1", "alice", "/mcp")).isNull();
    }

    @Test
    void the_shared_time_to_live_is_restarted_at_most_once_a_minute() {
        clustered.created(session("s1", "alice"), null);
        store.commands.clear();
        for (int i = 0; i < 5; i++) {
            now.addAndGet(10_000);
            clustered.find("s1", "alice", "/mcp");
        }
        now.addAndGet(20_000);
        clustered.find("s1", "alice", "/mcp");
        assertThat(store.commands).containsExactly("exists s1", "exists s1", "exists s1", "exists s1", "exists s1", "refresh s1");
    }

    @Test
    void a_session_held_here_goes_on_while_the_store_is_down() {
        clustered.created(session("s1", "alice"), null);
        store.down = true;
        assertThat(clustered.find("s1", "alice", "/mcp")).isNotNull();
        assertThat(clustered.find("s1", "bob", "/mcp")).as("the principal binding holds without the store").isNull();
    }

    @Test
    void a_session_not_held_here_cannot_be_served_while_the_store_is_down() {
        store.entries.put("s1", session("s1", "alice"));
        store.down = true;
        assertThatThrownBy(() -> clustered.find("s1", "alice", "/mcp")).isInstanceOf(SessionStoreUnavailable.class);
    }

    @Test
    void a_new_session_fails_when_the_cluster_cannot_be_told() {
        store.down = true;
        assertThatThrownBy(() -> clustered.created(session("s1", "alice"), null)).isInstanceOf(SessionStoreUnavailable.class);
        assertThat(clustered.heldCount()).as("not served here either").isZero();
    }

    @Test
    void after_the_store_failed_it_is_asked_again_only_after_a_pause() {
        clustered.created(session("s1", "alice"), null);
        store.down = true;
        clustered.find("s1", "alice", "/mcp");
        store.down = false;
        store.commands.clear();
        now.addAndGet(1_000);
        clustered.find("s1", "alice", "/mcp");
        assertThat(store.commands).isEmpty();
        now.addAndGet(McpSessions.STORE_BACKOFF.toMillis());
        clustered.find("s1", "alice", "/mcp");
        assertThat(store.commands).containsExactly("exists s1");
    }

    @Test
    void idle_sessions_are_dropped_and_busy_ones_kept() {
        clustered.created(session("idle", "alice"), null);
        clustered.created(session("busy", "alice"), null);
        now.addAndGet(TTL.toMillis() - 1_000);
        clustered.find("busy", "alice", "/mcp");
        now.addAndGet(2_000);
        clustered.maintain();
        assertThat(clustered.heldCount()).isEqualTo(1);
        assertThat(clustered.find("busy", "alice", "/mcp")).isNotNull();
    }

    @Test
    void without_a_cluster_an_idle_session_is_kept_as_long_as_the_sdk_may_keep_it() {
        single.created(session("s1", "alice"), null);
        now.addAndGet(McpSessions.SDK_IDLE_EVICTION.toMillis() - 1_000);
        single.maintain();
        assertThat(single.find("s1", "alice", "/mcp")).isNotNull();
        now.addAndGet(McpSessions.SDK_IDLE_EVICTION.toMillis() + 1_000);
        single.maintain();
        assertThat(single.find("s1", "alice", "/mcp")).isNull();
    }
}
