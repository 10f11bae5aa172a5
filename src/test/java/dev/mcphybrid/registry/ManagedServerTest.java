package dev.mcphybrid.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ServerHandshake;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.mcp.Transport;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server lifecycle against a scripted MCP session (no process, no network). */
class ManagedServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private final List<ServerStateChanged> events = new ArrayList<>();
    private final List<ToolsChanged> toolEvents = new ArrayList<>();
    private final List<Duration> reconnects = new ArrayList<>();
    private final ManagedServer server = new ManagedServer(new ServerDefinition("s1", "S1", Transport.SSE, "http://h/sse",
            null, null, null, null, null, null, null, null, true, ServerDefinition.Origin.CATALOGUE), new ServerEvents() {
                @Override
                public void stateChanged(ServerStateChanged change) {
                    events.add(change);
                }

                @Override
                public void toolsChanged(ToolsChanged change) {
                    toolEvents.add(change);
                }

                @Override
                public void reconnectDue(Duration wait) {
                    reconnects.add(wait);
                }
            });

    @Test
    void a_lost_session_asks_for_a_reconnect_after_its_back_off() {
        FakeConnection connection = new FakeConnection(List.of(tool("a")));
        server.connect(() -> connection, TIMEOUT);

        assertThat(server.sessionLost(connection, "process exited", Duration.ofSeconds(1))).isTrue();

        assertThat(reconnects).containsExactly(Duration.ofSeconds(1));
        assertThat(server.isDueForReconnect(java.time.Instant.now())).isFalse();
        assertThat(server.isDueForReconnect(java.time.Instant.now().plusMillis(1100))).isTrue();
    }

    @Test
    void a_failed_connect_and_a_failed_ping_ask_for_a_reconnect_too() {
        server.backOff(Duration.ofMillis(500));
        server.recordUnhealthy("ping timed out", Duration.ofSeconds(2));

        assertThat(reconnects).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    @Test
    void calls_waiting_on_a_server_isolated_as_unresponsive_end_as_timeouts() throws Exception {
        var waiting = callWaitingOnAHungServer();

        server.recordUnresponsive("did not answer a ping", Duration.ofSeconds(1));

        assertThatThrownBy(waiting::join).hasCauseInstanceOf(McpCallException.class)
                .cause().satisfies(e -> assertThat(((McpCallException) e).kind()).isEqualTo(McpCallException.Kind.TIMEOUT));
        assertThat(server.status().state()).isEqualTo(ServerState.UNHEALTHY);
        assertThatThrownBy(() -> server.callTool("a", Json.createObjectBuilder().build(), TIMEOUT, "t2", p -> { }, dev.mcphybrid.mcp.Cancellation.none()))
                .as("later calls are refused at once").isInstanceOfSatisfying(McpCallException.class,
                        e -> assertThat(e.kind()).isEqualTo(McpCallException.Kind.UNAVAILABLE));
    }

    @Test
    void a_ping_that_times_out_while_the_server_answers_calls_finds_it_busy_not_hung() throws Exception {
        FakeConnection busy = new FakeConnection(List.of(tool("a")));
        server.connect(() -> busy, TIMEOUT);
        long before = server.answers();
        server.callTool("a", Json.createObjectBuilder().build(), TIMEOUT, "t", p -> { }, dev.mcphybrid.mcp.Cancellation.none());

        assertThat(server.recordPingTimeout(before, Duration.ofSeconds(1), "ping timed out", Duration.ofSeconds(1))).isTrue();
        assertThat(server.status().state()).isEqualTo(ServerState.DEGRADED);
        assertThat(server.status().lastError()).contains("busy", "1000 ms");
        assertThat(server.isConnected()).as("its session and the calls on it are kept").isTrue();
        assertThat(busy.closed).isFalse();

        assertThat(server.recordPingTimeout(server.answers(), Duration.ofSeconds(1), "ping timed out", Duration.ofSeconds(1)))
                .as("no call answered since the ping was sent: hung").isFalse();
        assertThat(server.status().state()).isEqualTo(ServerState.UNHEALTHY);
        assertThat(busy.closed).isTrue();
    }

    @Test
    void calls_on_a_session_closed_for_another_reason_stay_broken_connections() throws Exception {
        var waiting = callWaitingOnAHungServer();

        server.recordUnhealthy("ping failed: connection refused", Duration.ofSeconds(1));

        assertThatThrownBy(waiting::join).cause().satisfies(e -> assertThat(((McpCallException) e).kind())
                .isEqualTo(McpCallException.Kind.TRANSPORT));
    }

    /** A call under way on a connected server that never answers; it ends only when its session is closed. */
    private java.util.concurrent.CompletableFuture<dev.mcphybrid.mcp.ToolCallResult> callWaitingOnAHungServer() throws InterruptedException {
        FakeConnection hung = new FakeConnection(List.of(tool("a")));
        hung.hangUntilClosed = new java.util.concurrent.CountDownLatch(1);
        server.connect(() -> hung, TIMEOUT);
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> server.callTool("a",
                Json.createObjectBuilder().build(), Duration.ofMinutes(1), "t", p -> { }, dev.mcphybrid.mcp.Cancellation.none()));
        Thread.sleep(50); // the call is waiting on the session by now
        return waiting;
    }

    @Test
    void a_session_the_gateway_replaced_asks_for_nothing() {
        FakeConnection old = new FakeConnection(List.of(tool("a")));
        server.connect(() -> old, TIMEOUT);
        server.connect(() -> new FakeConnection(List.of(tool("a"))), TIMEOUT);

        assertThat(server.sessionLost(old, "closed", Duration.ofSeconds(1))).isFalse();
        assertThat(reconnects).isEmpty();
    }

    @Test
    void a_successful_handshake_makes_the_server_healthy_with_its_catalogue() {
        FakeConnection connection = new FakeConnection(List.of(tool("a"), tool("b")));
        assertThat(server.connect(() -> connection, TIMEOUT)).isTrue();

        ServerStatus status = server.status();
        assertThat(status.state()).isEqualTo(ServerState.HEALTHY);
        assertThat(status.serverName()).isEqualTo("fake");
        assertThat(status.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(status.toolCount()).isEqualTo(2);
        assertThat(status.resourceCount()).isZero();
        assertThat(status.consecutiveFailures()).isZero();
        assertThat(status.connectedAt()).isNotNull();
        assertThat(server.tools()).extracting(ToolInfo::name).containsExactly("a", "b");
        assertThat(events).extracting(ServerStateChanged::current).containsExactly(ServerState.CONNECTING, ServerState.HEALTHY);
    }

    @Test
    void a_failed_handshake_is_recorded_and_the_session_closed() {
        FakeConnection connection = new FakeConnection(List.of());
        connection.failInitialize = true;

        assertThatThrownBy(() -> server.connect(() -> connection, TIMEOUT)).isInstanceOf(McpCallException.class);
        assertThatThrownBy(() -> server.connect(() -> connection, TIMEOUT)).isInstanceOf(McpCallException.class);

        ServerStatus status = server.status();
        assertThat(status.state()).isEqualTo(ServerState.UNHEALTHY);
        assertThat(status.lastError()).isEqualTo("initialize timed out");
        assertThat(status.consecutiveFailures()).isEqualTo(2);
        assertThat(connection.closed).isTrue();
        assertThat(events.get(events.size() - 1).error()).isEqualTo("initialize timed out");
    }

    @Test
    void reconnecting_closes_the_old_session_and_disconnect_clears_the_catalogue() {
        FakeConnection first = new FakeConnection(List.of(tool("a")));
        FakeConnection second = new FakeConnection(List.of(tool("a"), tool("c")));
        server.connect(() -> first, TIMEOUT);
        server.connect(() -> second, TIMEOUT);
        assertThat(first.closed).isTrue();
        assertThat(server.tools()).hasSize(2);

        server.disconnect();
        assertThat(second.closed).isTrue();
        assertThat(server.status().state()).isEqualTo(ServerState.DISCONNECTED);
        assertThat(server.tools()).isEmpty();
    }

    @Test
    void announced_tool_lists_replace_the_catalogue_only_when_they_differ() {
        server.connect(() -> new FakeConnection(List.of(tool("a"))), TIMEOUT);
        assertThat(server.replaceTools(List.of(tool("a")))).isFalse();
        assertThat(server.replaceTools(List.of(tool("a"), tool("z")))).isTrue();
        assertThat(server.tools()).extracting(ToolInfo::name).containsExactly("a", "z");
        assertThat(toolEvents.get(toolEvents.size() - 1)).isEqualTo(new ToolsChanged("s1", List.of("z"), List.of(), 2));
        assertThat(server.status().toolListChanges()).isEqualTo(2);

        server.disconnect();
        assertThat(server.replaceTools(List.of(tool("late")))).isFalse();
        assertThat(server.tools()).isEmpty();
        assertThat(toolEvents.get(toolEvents.size() - 1)).isEqualTo(new ToolsChanged("s1", List.of(), List.of("a", "z"), 0));
    }

    @Test
    void a_list_announced_during_the_handshake_wins_over_the_handshake_listing() {
        FakeConnection connection = new FakeConnection(List.of(tool("a"))) {
            @Override
            public List<ToolInfo> listTools(Duration timeout) {
                server.replaceTools(List.of(tool("a"), tool("late")));
                return super.listTools(timeout);
            }
        };
        server.connect(() -> connection, TIMEOUT);
        assertThat(server.tools()).extracting(ToolInfo::name).containsExactly("a", "late");
    }

    @Test
    void health_checks_move_between_healthy_degraded_and_unhealthy() {
        FakeConnection connection = new FakeConnection(List.of(tool("a")));
        server.connect(() -> connection, TIMEOUT);

        server.recordHealthy(Duration.ofMillis(1500), Duration.ofMillis(1000));
        assertThat(server.status().state()).isEqualTo(ServerState.DEGRADED);
        assertThat(server.status().lastError()).contains("1500 ms");

        server.recordHealthy(Duration.ofMillis(20), Duration.ofMillis(1000));
        assertThat(server.status().state()).isEqualTo(ServerState.HEALTHY);
        assertThat(server.status().latencyMs()).isEqualTo(20);
        assertThat(server.status().lastError()).isNull();

        server.recordUnhealthy("ping timed out", Duration.ofSeconds(30));
        ServerStatus status = server.status();
        assertThat(status.state()).isEqualTo(ServerState.UNHEALTHY);
        assertThat(status.lastError()).isEqualTo("ping timed out");
        assertThat(status.consecutiveFailures()).isEqualTo(1);
        assertThat(status.toolCount()).isZero();
        assertThat(status.nextReconnectAt()).isAfter(java.time.Instant.now().plusSeconds(25));
        assertThat(connection.closed).as("a failed check closes the session").isTrue();
        assertThat(server.isConnected()).isFalse();
        assertThat(server.isDueForReconnect(java.time.Instant.now())).isFalse();
        assertThat(server.isDueForReconnect(java.time.Instant.now().plusSeconds(31))).isTrue();
    }

    @Test
    void only_one_connect_at_a_time_and_never_for_a_server_disconnected_on_purpose() {
        assertThat(server.isDueForReconnect(java.time.Instant.now())).as("disconnected on purpose").isFalse();
        server.recordUnhealthy("refused", Duration.ZERO);
        assertThat(server.isDueForReconnect(java.time.Instant.now())).isTrue();
        assertThat(server.beginConnect()).isTrue();
        assertThat(server.beginConnect()).isFalse();
        assertThat(server.isDueForReconnect(java.time.Instant.now())).isFalse();
        server.endConnect();
        assertThat(server.beginConnect()).isTrue();
    }

    @Test
    void a_server_being_disconnected_is_not_due_for_reconnect_while_its_session_closes() {
        boolean[] dueWhileClosing = {true};
        FakeConnection connection = new FakeConnection(List.of(tool("a"))) {
            @Override
            public void close() {
                dueWhileClosing[0] = server.isDueForReconnect(java.time.Instant.now());
                super.close();
            }
        };
        server.connect(() -> connection, TIMEOUT);
        server.disconnect();
        assertThat(dueWhileClosing[0]).as("the health monitor would reconnect it while it closes").isFalse();
        assertThat(connection.closed).isTrue();
        assertThat(server.state()).isEqualTo(ServerState.DISCONNECTED);
    }

    @Test
    void a_disconnect_while_connecting_wins_and_the_new_session_is_closed() {
        FakeConnection connection = new FakeConnection(List.of(tool("a"))) {
            @Override
            public List<ToolInfo> listTools(Duration timeout) {
                server.disconnect(); // e.g. the application stops, or the server is removed, during the handshake
                return super.listTools(timeout);
            }
        };
        assertThat(server.connect(() -> connection, TIMEOUT)).isFalse();
        assertThat(connection.closed).as("the session (and a stdio server's process) would stay open").isTrue();
        assertThat(server.isConnected()).isFalse();
        assertThat(server.state()).isEqualTo(ServerState.DISCONNECTED);
        assertThat(server.tools()).isEmpty();
    }

    @Test
    void a_connect_that_fails_after_a_disconnect_leaves_the_server_disconnected() {
        FakeConnection connection = new FakeConnection(List.of()) {
            @Override
            public ServerHandshake initialize(Duration timeout) {
                server.disconnect();
                throw new McpCallException("initialize failed", null, true);
            }
        };
        assertThatThrownBy(() -> server.connect(() -> connection, TIMEOUT)).isInstanceOf(McpCallException.class);
        assertThat(server.state()).isEqualTo(ServerState.DISCONNECTED);
        assertThat(server.isDueForReconnect(java.time.Instant.now())).as("disconnected on purpose").isFalse();
    }

    @Test
    void a_failing_state_listener_does_not_break_the_lifecycle() {
        ManagedServer noisy = new ManagedServer(server.definition(), new ServerEvents() {
            @Override
            public void stateChanged(ServerStateChanged change) {
                throw new IllegalStateException("application stopping");
            }

            @Override
            public void toolsChanged(ToolsChanged change) {
                throw new IllegalStateException("application stopping");
            }
        });
        FakeConnection connection = new FakeConnection(List.of(tool("a")));
        noisy.connect(() -> connection, TIMEOUT);
        noisy.disconnect();
        assertThat(connection.closed).isTrue();
        assertThat(noisy.state()).isEqualTo(ServerState.DISCONNECTED);
    }

    private static ToolInfo tool(String name) {
        return new ToolInfo(name, null, "tool " + name,
                Json.createObjectBuilder().add("type", "object").build(), null, null);
    }

    private static class FakeConnection implements McpConnection {
        final List<ToolInfo> tools;
        boolean failInitialize;
        boolean closed;

        FakeConnection(List<ToolInfo> tools) {
            this.tools = tools;
        }

        @Override
        public ServerHandshake initialize(Duration timeout) {
            if (failInitialize) {
                throw new McpCallException("initialize timed out", null, true);
            }
            return new ServerHandshake("fake", "1.0", "2025-11-25",
                    Json.createObjectBuilder().add("tools", Json.createObjectBuilder()).build(), null);
        }

        @Override
        public List<ToolInfo> listTools(Duration timeout) {
            return tools;
        }

        @Override
        public List<ResourceInfo> listResources(Duration timeout) {
            throw new AssertionError("server did not announce resources");
        }

        @Override
        public List<PromptInfo> listPrompts(Duration timeout) {
            throw new AssertionError("server did not announce prompts");
        }

        @Override
        public Duration ping(Duration timeout) {
            return Duration.ofMillis(1);
        }

        /** When set, a call waits until the session is closed and then fails as a broken connection would. */
        java.util.concurrent.CountDownLatch hangUntilClosed;

        @Override
        public dev.mcphybrid.mcp.ToolCallResult callTool(String name, jakarta.json.JsonObject arguments, Duration timeout,
                                                          String progressToken, java.util.function.Consumer<dev.mcphybrid.mcp.Progress> progress,
                                                          dev.mcphybrid.mcp.Cancellation cancellation) {
            if (hangUntilClosed != null) {
                try {
                    hangUntilClosed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new McpCallException("tools/call " + name + " failed: MCP session with server terminated", null, false);
            }
            return new dev.mcphybrid.mcp.ToolCallResult(Json.createObjectBuilder().add("isError", false).build(), false);
        }

        @Override
        public void close() {
            closed = true;
            if (hangUntilClosed != null) {
                hangUntilClosed.countDown();
            }
        }
    }
}
