package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Restarts the gateway-it Liberty server: runtime registrations come back from PostgreSQL. */
class RestartIT {

    @Test
    void a_registered_server_survives_a_gateway_restart() throws Exception {
        GatewayClient gateway = GatewayFixture.readyGateway();
        try (McpServerProcess server = McpServerProcess.start("streamableHttp")) {
            assertThat(gateway.post("/api/servers", """
                    {"id": "survivor", "name": "Survivor", "transport": "streamable-http", "url": "%s", "tags": ["durable"]}"""
                    .formatted(server.url())).status()).isEqualTo(201);
            GatewayFixture.awaitState(gateway, "survivor", "HEALTHY", Duration.ofSeconds(20));

            liberty("stop");
            liberty("start");

            gateway = GatewayFixture.readyGateway();
            var status = GatewayFixture.awaitState(gateway, "survivor", "HEALTHY", Duration.ofSeconds(30));
            assertThat(status.getString("origin")).isEqualTo("runtime");
            assertThat(status.getString("name")).isEqualTo("Survivor");
            assertThat(status.getJsonArray("tags").getString(0)).isEqualTo("durable");
            assertThat(gateway.get("/api/tools/survivor.echo").status()).isEqualTo(200);
        } finally {
            gateway.delete("/api/servers/survivor");
        }
    }

    private static void liberty(String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(System.getProperty("it.liberty.bin"), action, "gateway-it").inheritIO().start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("server " + action + " finished").isTrue();
        assertThat(process.exitValue()).as("server " + action + " exit code").isZero();
    }
}
