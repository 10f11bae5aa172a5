package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ResourceUpdated;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceSubscriptionsTest {

    private final ListingServer connection = new ListingServer(List.of());
    private final List<String> toA = new CopyOnWriteArrayList<>();
    private final List<String> toB = new CopyOnWriteArrayList<>();
    private ResourceSubscriptions subscriptions;
    private ManagedServer server;

    @BeforeEach
    void serverUp() {
        ServerRegistry registry = BenchServers.registry(null);
        connection.resources = List.of(new ResourceInfo("demo://r/1", "r1", null, null, null));
        server = BenchServers.addConnected(registry, "s1", () -> connection, Duration.ofSeconds(5));
        subscriptions = new ResourceSubscriptions();
        subscriptions.registry = registry;
    }

    @Test
    void the_server_is_subscribed_once_for_many_clients_and_unsubscribed_with_the_last() {
        subscriptions.subscribe("a", server, "demo://r/1", toA::add);
        subscriptions.subscribe("b", server, "demo://r/1", toB::add);
        assertThat(connection.subscriptions).containsExactly("subscribe demo://r/1");

        subscriptions.unsubscribe("a", "s1", "demo://r/1");
        assertThat(connection.subscriptions).containsExactly("subscribe demo://r/1");
        subscriptions.ended("b");
        assertThat(connection.subscriptions).containsExactly("subscribe demo://r/1", "unsubscribe demo://r/1");
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
        connection.refuseSubscriptions = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> subscriptions.subscribe("a", server, "demo://r/1", toA::add))
                .isInstanceOf(dev.mcphybrid.mcp.McpCallException.class);
        assertThat(subscriptions.size()).isZero();

        connection.refuseSubscriptions = false;
        subscriptions.subscribe("a", server, "demo://r/1", toA::add);
        subscriptions.reconnected(new ServerStateChanged("s1", ServerState.HEALTHY, ServerState.DEGRADED, null));
        subscriptions.reconnected(new ServerStateChanged("s1", ServerState.CONNECTING, ServerState.HEALTHY, null));
        assertThat(connection.subscriptions).as("subscribed, then again after the reconnect only").containsExactly("subscribe demo://r/1", "subscribe demo://r/1");
    }
}
