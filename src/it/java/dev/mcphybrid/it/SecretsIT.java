package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Downstream credentials configured for the gateway (an AES-encoded env value of the stdio server, a bearer token of
 * the Streamable HTTP server, the secret of a server registered through the API) appear in no API response, event,
 * log entry, log file or database row, even when a server prints them back or a caller passes them as arguments.
 */
class SecretsIT {

    /** Plain text of the {aes} API_TOKEN of "everything" in mcp-servers-it.yml. */
    static final String STDIO_ENV_SECRET = "it-stdio-env-secret-77d1";
    /** Bearer token of "everything-http" in mcp-servers-it.yml. */
    static final String BEARER_SECRET = "it-downstream-bearer-5f1c9e2a";
    static final String RUNTIME_SECRET = "it-runtime-secret-" + UUID.randomUUID();

    private static final GatewayClient gateway = new GatewayClient();
    private static final List<String> SECRETS = List.of(STDIO_ENV_SECRET, BEARER_SECRET, RUNTIME_SECRET);

    @BeforeAll
    static void catalogueUp() {
        GatewayFixture.awaitAllHealthy(gateway);
    }

    @Test
    void noSecretLeaksAnywhere() throws Exception {
        List<String> seen = new ArrayList<>();
        String envId = "get-env-" + UUID.randomUUID();
        String echoId = "echo-secret-" + UUID.randomUUID();
        try (SseClient events = new SseClient("/api/events/stream", null)) {
            // a server that prints its environment back: the decoded {aes} value must be masked
            GatewayClient.Reply env = gateway.send(ExecutionIT.request("everything.get-env", "{\"arguments\":{}}", envId));
            assertThat(env.status()).as(env.toString()).isEqualTo(200);
            assertThat(env.body()).contains("API_TOKEN").contains("[REDACTED]");
            seen.add(env.body());

            // a caller passing a credential as an argument, under a harmless name
            GatewayClient.Reply echo = gateway.send(ExecutionIT.request("everything-http.echo",
                    "{\"arguments\":{\"message\":\"the token is " + BEARER_SECRET + "\"}}", echoId));
            assertThat(echo.status()).as(echo.toString()).isEqualTo(200);
            seen.add(echo.body());

            // a server registered with a credential through the API
            String id = "secret-holder-" + UUID.randomUUID().toString().substring(0, 8);
            GatewayClient.Reply registered = gateway.post("/api/servers", "{\"id\":\"" + id + "\",\"transport\":\"streamable-http\","
                    + "\"url\":\"http://127.0.0.1:" + System.getProperty("it.mcp.http.port") + "/mcp\","
                    + "\"auth\":{\"type\":\"header\",\"header\":\"X-Api-Key\",\"secret\":\"" + RUNTIME_SECRET + "\"}}");
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            seen.add(registered.body());
            try (var db = Database.connect(); var query = db.prepareStatement("select definition::text from registered_server where id = ?")) {
                query.setString(1, id);
                ResultSet row = query.executeQuery();
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("stored encrypted").contains("{aes}").doesNotContain(RUNTIME_SECRET);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    gateway.get("/api/servers/" + id + "/status").object().getString("state").equals("HEALTHY"));

            for (String path : List.of("/api/servers", "/api/servers/everything/status", "/api/servers/everything-http/status",
                    "/api/servers/" + id + "/status", "/api/tools", "/api/executions?limit=500", "/api/logs?limit=1000",
                    "/api/logs/sources", "/api/executions/stats", "/openapi")) {
                seen.add(path + " " + gateway.get(path).body());
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    events.events().stream().anyMatch(e -> e.data().contains("everything.get-env")));
            Thread.sleep(500);
            events.events().forEach(e -> seen.add("event " + e.data()));
            assertThat(gateway.delete("/api/servers/" + id).status()).isEqualTo(204);
        }
        seen.add("audit " + ExecutionIT.awaitExecution(envId));
        seen.add("audit " + ExecutionIT.awaitExecution(echoId));
        seen.add("audit " + Database.dump("select * from tool_execution"));
        Path logs = Path.of("target/liberty/wlp/usr/servers/gateway-it/logs");
        try (var files = Files.list(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                seen.add(file + " " + Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }

        for (String text : seen) {
            for (String secret : SECRETS) {
                assertThat(text).as("a secret in: " + text.substring(0, Math.min(200, text.length()))).doesNotContain(secret);
            }
        }
    }
}
