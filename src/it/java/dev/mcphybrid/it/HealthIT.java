package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

@GatewayTest
class HealthIT {

    static final GatewayClient gateway = new GatewayClient();

    @Test
    void liveness_reports_the_gateway_up() {
        GatewayClient.Reply reply = gateway.get("/health/live");
        assertThat(reply.status()).isEqualTo(200);
        JsonObject check = check(reply.object(), "gateway");
        assertThat(check.getString("status")).isEqualTo("UP");
        assertThat(check.getJsonObject("data").getJsonNumber("uptimeMs").longValue()).isPositive();
    }

    @Test
    void readiness_reports_postgresql_migrated_and_the_catalogue_with_each_server() {
        JsonObject health = gateway.get("/health/ready").object();
        assertThat(health.getString("status")).isEqualTo("UP");

        JsonObject database = check(health, "database").getJsonObject("data");
        assertThat(database.getString("database")).isEqualTo("POSTGRESQL");
        assertThat(database.getString("migration")).isEqualTo("DONE");
        assertThat(Integer.parseInt(database.getString("schemaVersion"))).isGreaterThanOrEqualTo(1);

        JsonObject catalogue = check(health, "catalogue").getJsonObject("data");
        assertThat(catalogue.getString("path")).endsWith("mcp-servers-it.yml");
        assertThat(catalogue.getJsonNumber("servers").intValue()).isEqualTo(GatewayFixture.CATALOGUE.size());
        GatewayFixture.CATALOGUE.forEach(id -> assertThat(catalogue).containsKey("server." + id));
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + name + " in " + health));
    }
}
