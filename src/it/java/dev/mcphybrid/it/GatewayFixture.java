package dev.mcphybrid.it;

import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;

/** Waits for the gateway under test to be ready and for its downstream servers to reach a state. */
public final class GatewayFixture {

    /** Server ids of src/it/resources/mcp-servers-it.yml. */
    public static final List<String> CATALOGUE = List.of("everything", "everything-sse", "everything-http", "memory", "filesystem", "victim");

    private GatewayFixture() {
    }

    public static GatewayClient readyGateway() {
        return readyGateway(GatewayClient.url());
    }

    /** The gateway at {@code url} (another member of the cluster, or the load balancer), once ready. */
    public static GatewayClient readyGateway(String url) {
        GatewayClient gateway = new GatewayClient(url);
        await("gateway ready at " + url).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> gateway.get("/health/ready").status() == 200);
        return gateway;
    }

    /** Every server of the IT catalogue HEALTHY again, e.g. after a test killed or stopped one. */
    public static void awaitAllHealthy(GatewayClient gateway) {
        CATALOGUE.forEach(id -> awaitState(gateway, id, "HEALTHY", Duration.ofSeconds(60)));
    }

    public static JsonObject awaitState(GatewayClient gateway, String serverId, String state, Duration within) {
        await(serverId + " " + state).atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    GatewayClient.Reply reply = gateway.get("/api/servers/" + serverId + "/status");
                    return reply.status() == 200 && state.equals(reply.object().getString("state"));
                });
        return gateway.get("/api/servers/" + serverId + "/status").object();
    }
}
