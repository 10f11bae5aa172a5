package dev.mcphybrid.dogfood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.execution.ToolExecuted;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the dogfood writes can cause must never cause writes again. */
class FeedbackGuardTest {

    private final FeedbackGuard guard = new FeedbackGuard("memory");

    @Test
    void events_about_the_memory_server_itself_never_become_writes() {
        assertThat(guard.mayCauseWrite(new ServerStateChanged("memory", ServerState.HEALTHY, ServerState.UNHEALTHY, "crashed"))).isFalse();
        assertThat(guard.mayCauseWrite(new ServerStateChanged("memory", ServerState.CONNECTING, ServerState.HEALTHY, null))).isFalse();
        assertThat(guard.mayCauseWrite(new ToolsChanged("memory", List.of("read_graph"), List.of(), 1))).isFalse();
        assertThat(guard.mayCauseWrite(SystemAlert.warning("tool-error-rate", "memory", "Tool memory.add_observations failed 10 of 20"))).isFalse();
        assertThat(guard.mayCauseWrite(SystemAlert.warning("circuit-breaker", "memory", "Circuit for memory opened"))).isFalse();
    }

    @Test
    void the_executions_of_the_writes_never_become_writes() {
        assertThat(guard.mayCauseWrite(new ToolExecuted(UUID.randomUUID(), "memory.add_observations", "memory", ExecutionStatus.SUCCESS,
                false, 3, MemoryWriter.PRINCIPAL, null, Instant.now()))).isFalse();
    }

    @Test
    void events_about_other_servers_and_the_gateway_may() {
        assertThat(guard.mayCauseWrite(new ServerStateChanged("victim", ServerState.HEALTHY, ServerState.UNHEALTHY, "killed"))).isTrue();
        assertThat(guard.mayCauseWrite(new ToolsChanged("everything", List.of("echo"), List.of(), 1))).isTrue();
        assertThat(guard.mayCauseWrite(SystemAlert.warning("events", null, "Dropped event client"))).isTrue();
        assertThat(guard.mayCauseWrite(SystemAlert.warning("circuit-breaker", "memory-2", "Circuit for memory-2 opened"))).isTrue();
    }
}
