package dev.mcphybrid.dogfood;

import dev.mcphybrid.testing.CapturedLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.execution.FailureReason;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Batches of observations become create_entities (once per entity) and add_observations calls. */
class MemoryWriterTest {

    static final Observation VICTIM_DOWN = new Observation(GraphEntity.server("victim"), "t1 server victim became UNHEALTHY");
    static final Observation VICTIM_UP = new Observation(GraphEntity.server("victim"), "t2 server victim came back up (HEALTHY)");
    static final Observation ALERT = new Observation(GraphEntity.GATEWAY, "t3 WARNING alert from events: dropped");

    private final FakeMemoryServer server = new FakeMemoryServer();
    private final DogfoodCounters counters = new DogfoodCounters();
    private final List<MemoryUpdated> updates = new ArrayList<>();
    private boolean connected = true;
    private final MemoryWriter writer = new MemoryWriter("memory", server, () -> connected, 5000, counters, updates::add);

    @Test
    void entities_are_created_once_then_observations_are_added_in_order() {
        writer.write(List.of(VICTIM_DOWN, ALERT, VICTIM_UP));

        assertThat(server.tools()).containsExactly("memory.create_entities", "memory.add_observations");
        FakeMemoryServer.Call create = server.calls.get(0);
        assertThat(create.timeout()).isEqualTo(java.time.Duration.ofMillis(5000));
        assertThat(create.arguments().toString()).isEqualTo("{\"entities\":["
                + "{\"name\":\"mcp-server:victim\",\"entityType\":\"mcp_server\",\"observations\":[]},"
                + "{\"name\":\"mcp-hybrid-server\",\"entityType\":\"gateway\",\"observations\":[]}]}");
        assertThat(server.calls.get(1).arguments().toString()).isEqualTo("{\"observations\":["
                + "{\"entityName\":\"mcp-server:victim\",\"contents\":[\"t1 server victim became UNHEALTHY\",\"t2 server victim came back up (HEALTHY)\"]},"
                + "{\"entityName\":\"mcp-hybrid-server\",\"contents\":[\"t3 WARNING alert from events: dropped\"]}]}");
        assertThat(server.graph.get("mcp-server:victim")).containsExactly(VICTIM_DOWN.text(), VICTIM_UP.text());

        writer.write(List.of(new Observation(GraphEntity.server("victim"), "t4 again")));
        assertThat(server.tools()).containsExactly("memory.create_entities", "memory.add_observations", "memory.add_observations");
        assertThat(server.graph.get("mcp-server:victim")).endsWith("t4 again");

        DogfoodStats stats = counters.snapshot(true, "memory", 0);
        assertThat(stats.writes()).isEqualTo(3);
        assertThat(stats.entitiesCreated()).isEqualTo(2);
        assertThat(stats.observationsWritten()).isEqualTo(4);
        assertThat(stats.failures()).isZero();
    }

    @Test
    void every_write_is_announced_with_what_was_written_and_its_execution() {
        writer.write(List.of(VICTIM_DOWN));

        assertThat(updates).hasSize(2);
        MemoryUpdated created = updates.get(0);
        assertThat(created.serverId()).isEqualTo("memory");
        assertThat(created.tool()).isEqualTo("create_entities");
        assertThat(created.entities()).containsExactly("mcp-server:victim");
        assertThat(created.observations()).isEmpty();
        assertThat(created.executionId()).isEqualTo(server.calls.get(0).executionId());

        MemoryUpdated added = updates.get(1);
        assertThat(added.tool()).isEqualTo("add_observations");
        assertThat(added.entities()).containsExactly("mcp-server:victim");
        assertThat(added.observations()).containsExactly(VICTIM_DOWN);
        assertThat(added.executionId()).isEqualTo(server.calls.get(1).executionId());
    }

    @Test
    void an_entity_that_vanished_from_the_graph_is_created_again() {
        writer.write(List.of(VICTIM_DOWN));
        server.graph.clear(); // e.g. someone replaced the memory file

        writer.write(List.of(VICTIM_UP));
        assertThat(server.tools()).containsExactly("memory.create_entities", "memory.add_observations",
                "memory.add_observations", "memory.create_entities", "memory.add_observations");
        assertThat(server.graph.get("mcp-server:victim")).containsExactly(VICTIM_UP.text());
        assertThat(counters.snapshot(true, "memory", 0).failures()).isZero();
    }

    @Test
    void nothing_is_called_while_the_memory_server_is_not_connected() {
        connected = false;
        writer.write(List.of(VICTIM_DOWN, VICTIM_UP));
        assertThat(server.calls).isEmpty();
        assertThat(counters.snapshot(true, "memory", 0).skipped()).isEqualTo(2);
        assertThat(updates).isEmpty();
    }

    @Test
    void a_refusal_by_the_access_policy_is_counted_and_logged_once_until_writes_work_again() {
        server.refuseWith = tool -> new ExecutionFailure(FailureReason.FORBIDDEN,
                "no rule allows mcp-hybrid-server to call " + tool);
        try (CapturedLog log = new CapturedLog(MemoryWriter.class)) {
            writer.write(List.of(VICTIM_DOWN));
            writer.write(List.of(VICTIM_UP));
            assertThat(log.messages(Level.WARNING)).singleElement().satisfies(message -> assertThat(message)
                    .contains("access policy").contains("mcp-hybrid-server")
                    .contains("memory.create_entities").contains("memory.add_observations"));
            DogfoodStats stats = counters.snapshot(true, "memory", 0);
            assertThat(stats.failures()).isEqualTo(2);
            assertThat(stats.lastFailure()).startsWith("FORBIDDEN no rule allows");

            server.refuseWith = tool -> null;
            writer.write(List.of(VICTIM_UP));
            server.refuseWith = tool -> new ExecutionFailure(FailureReason.FORBIDDEN, "no rule");
            writer.write(List.of(ALERT));
            assertThat(log.messages(Level.WARNING)).hasSize(2);
        }
    }

    @Test
    void a_rate_limit_refusal_is_logged_once() {
        server.refuseWith = tool -> new ExecutionFailure(FailureReason.RATE_LIMITED,
                "The rate limit of mcp-hybrid-server or of " + tool + " is reached", 3L);
        try (CapturedLog log = new CapturedLog(MemoryWriter.class)) {
            for (int i = 0; i < 5; i++) {
                writer.write(List.of(VICTIM_DOWN));
            }
            assertThat(log.messages(Level.WARNING)).singleElement().satisfies(message -> assertThat(message)
                    .contains("rate-limited").contains("mcp-hybrid-server"));
        }
        assertThat(counters.snapshot(true, "memory", 0).failures()).isEqualTo(5);
    }

    @Test
    void other_failures_are_counted_with_their_reason() {
        server.refuseWith = tool -> new ExecutionFailure(FailureReason.TIMEOUT, "no answer within 5000 ms");
        writer.write(List.of(VICTIM_DOWN));
        assertThat(counters.snapshot(true, "memory", 0).lastFailure()).isEqualTo("TIMEOUT no answer within 5000 ms");
        assertThat(updates).isEmpty();
    }
}
