package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@GatewayTest
class OpenApiAndMetricsIT {

    static final GatewayClient gateway = new GatewayClient();

    @Test
    void openapi_documents_the_rest_api() {
        GatewayClient.Reply reply = gateway.get("/openapi");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("/api/servers:", "/api/servers/{id}/status:", "/api/servers/{id}/tools:",
                "/api/servers/{id}/connect:", "/api/servers/{id}/disconnect:", "/api/tools:", "/api/tools/{id}:");
        assertThat(gateway.get("/openapi/ui/").status()).isEqualTo(200);
    }

    @Test
    void prometheus_metrics_are_open() {
        GatewayClient.Reply reply = gateway.get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("# TYPE", "jvm_uptime_seconds");
    }
}
