package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.mcp.Cancellation;
import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ServerHandshake;
import dev.mcphybrid.mcp.ToolCallResult;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ResourceUpdated;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceSubscriptionsTest {

    private final Subscribable connection = new Subscribable();
    private final List<String> toA = new CopyOnWriteArrayList<>();
    private final List<String> toB = new CopyOnWriteArrayList<>();
    private ResourceSubscriptions subscriptions;
    private ManagedServer server;

    @BeforeEach
    void serverUp() {
        ServerRegistry registry = BenchServers.registry(null);
        server = BenchServers.addConnected(registry, "s1", () -> connection, Duration.ofSeconds(5));
        subscriptions = new ResourceSubscriptions();
        subscriptions.registry = registry;
    }

    @Test
    void the_server_is_subscribed_once_for_many_clients_and_unsubscribed_with_the_last() {
        subscriptions.subscribe("a", server, "demo://r/1", toA::add);
        subscriptions.subscribe("b", server, "demo://r/1", toB::add);
        assertThat(connection.calls).containsExactly("subscribe demo://r/1");

        subscriptions.unsubscribe("a", "s1", "demo://r/1");
        assertThat(connection.calls).containsExactly("subscribe demo://r/1");
        subscriptions.ended("b");
        assertThat(connection.calls).containsExactly("subscribe demo://r/1", "unsubscribe demo://r/1");
        assertThat(subscriptions.size()).isZero();
    }

    @Test
    void an_update_reaches_every_subscribed_session_under_the_gateways_uri_and_nobody_else() {
        subscriptions.subscribe("a", server, "demo://r/1", toA::add);
        subscriptions.subscribe("b", server, "demo://r/2", toB::add);

        subscriptions.updated(new ResourceUpdated("s1", "demo://r/1"));
        subscriptions.updated(new ResourceUpdated("s2", "demo://r/2"));

        assertThat(toA).containsExactly(ExposedNames.resource("s1", "demo://r/1"));
        assertThat(toB).isEmpty();
    }

    @Test
    void a_refused_subscription_leaves_nothing_behind_and_a_reconnected_server_is_subscribed_again() {
        connection.refuse = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> subscriptions.subscribe("a", server, "demo://r/1", toA::add))
                .isInstanceOf(dev.mcphybrid.mcp.McpCallException.class);
        assertThat(subscriptions.size()).isZero();

        connection.refuse = false;
        subscriptions.subscribe("a", server, "demo://r/1", toA::add);
        subscriptions.reconnected(new ServerStateChanged("s1", ServerState.HEALTHY, ServerState.DEGRADED, null));
        subscriptions.reconnected(new ServerStateChanged("s1", ServerState.CONNECTING, ServerState.HEALTHY, null));
        assertThat(connection.calls).as("subscribed, then again after the reconnect only").containsExactly("subscribe demo://r/1", "subscribe demo://r/1");
    }

    /** A server session that offers subscriptions and records them. */
    private static final class Subscribable implements McpConnection {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public ServerHandshake initialize(Duration timeout) {
            return new ServerHandshake("sub", "1", "2025-11-25", Json.createObjectBuilder()
                    .add("resources", Json.createObjectBuilder().add("subscribe", true)).build(), null);
        }

        @Override
        public List<ToolInfo> listTools(Duration timeout) {
            return List.of();
        }

        @Override
        public List<ResourceInfo> listResources(Duration timeout) {
            return List.of(new ResourceInfo("demo://r/1", "r1", null, null, null));
        }

        @Override
        public List<PromptInfo> listPrompts(Duration timeout) {
            return List.of();
        }

        @Override
        public void subscribe(String uri, Duration timeout) {
            calls.add("subscribe " + uri);
            if (refuse) {
                calls.clear();
                throw new dev.mcphybrid.mcp.McpCallException("refused", null, dev.mcphybrid.mcp.McpCallException.Kind.PROTOCOL);
            }
        }

        @Override
        public void unsubscribe(String uri, Duration timeout) {
            calls.add("unsubscribe " + uri);
        }

        @Override
        public ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                                       Consumer<Progress> progress, Cancellation cancellation) {
            throw new AssertionError("not called here");
        }

        @Override
        public Duration ping(Duration timeout) {
            return Duration.ZERO;
        }

        @Override
        public void close() {
        }
    }
}
