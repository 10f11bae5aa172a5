package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery re-reads the catalogue file (every 2 s in the tests) and follows additions and removals. */
@GatewayTest
class DiscoveryIT {

    static final Path CATALOGUE = Path.of(System.getProperty("it.catalogue"));

    static final GatewayClient gateway = new GatewayClient();
    static String original;

    @BeforeAll
    static void ready() throws IOException {
        original = Files.readString(CATALOGUE);
    }

    @AfterEach
    void restore() throws IOException {
        Files.writeString(CATALOGUE, original);
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.get("/api/servers/discovered/status").status() == 404);
    }

    @Test
    void a_server_added_to_the_file_is_connected_and_a_removed_one_dropped() throws IOException {
        Files.writeString(CATALOGUE, original + """

                  - id: discovered
                    transport: stdio
                    command: node
                    args: [node_modules/@modelcontextprotocol/server-memory/dist/index.js]
                    env: { MEMORY_FILE_PATH: "${gateway.data.dir}/discovered.jsonl" }
                """);
        GatewayFixture.awaitState(gateway, "discovered", "HEALTHY", Duration.ofSeconds(20));
        assertThat(gateway.get("/api/tools/discovered.read_graph").status()).isEqualTo(200);

        Files.writeString(CATALOGUE, original);
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.get("/api/servers/discovered/status").status() == 404);
        assertProblem(gateway.get("/api/tools/discovered.read_graph"), 404);
    }

    @Test
    void a_broken_file_leaves_the_servers_as_they_are_and_says_why() throws IOException {
        Files.writeString(CATALOGUE, original + "\n  - id: broken\n    transport: telepathy\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.get("/health/ready").status() == 503);
        assertThat(gateway.get("/health/ready").body()).contains("unknown transport 'telepathy'");
        assertThat(gateway.get("/api/servers/everything/status").object().getString("state")).isEqualTo("HEALTHY");

        Files.writeString(CATALOGUE, original);
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.get("/health/ready").status() == 200);
    }
}
