package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Servers registered at run time: real server-everything processes, stored in the real PostgreSQL. */
@GatewayTest
class RegistrationIT {

    static final GatewayClient gateway = new GatewayClient();
    static McpServerProcess http;
    static McpServerProcess sse;

    @BeforeAll
    static void start() {
        http = McpServerProcess.start("streamableHttp");
        sse = McpServerProcess.start("sse");
    }

    @AfterAll
    static void stop() {
        for (String id : List.of("reg-http", "reg-sse", "reg-gone")) {
            gateway.delete("/api/servers/" + id);
        }
        http.close();
        sse.close();
    }

    @Test
    void a_streamable_http_server_is_registered_stored_and_connected() throws SQLException {
        GatewayClient.Reply reply = gateway.post("/api/servers", """
                {"id": "reg-http", "name": "Registered over HTTP", "transport": "streamable-http", "url": "%s",
                 "auth": {"type": "bearer", "secret": "reg-secret-value"}, "tags": ["registered"]}""".formatted(http.url()));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.header("Location")).get().asString().endsWith("/api/servers/reg-http/status");
        assertThat(reply.object().getString("origin")).isEqualTo("runtime");
        assertThat(reply.body()).doesNotContain("reg-secret-value");

        JsonObject status = GatewayFixture.awaitState(gateway, "reg-http", "HEALTHY", Duration.ofSeconds(30));
        assertThat(status.getString("transport")).isEqualTo("streamable-http");
        assertThat(status.getInt("toolCount")).isPositive();
        assertThat(gateway.get("/api/tools/reg-http.echo").status()).isEqualTo(200);
        assertThat(gateway.get("/api/servers").body()).doesNotContain("reg-secret-value");

        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("select transport, url, definition->>'name', registered_by from \""
                     + System.getProperty("it.db.schema") + "\".registered_server where id = ?")) {
            query.setString(1, "reg-http");
            ResultSet row = query.executeQuery();
            assertThat(row.next()).as("stored registration").isTrue();
            assertThat(row.getString(1)).isEqualTo("streamable-http");
            assertThat(row.getString(2)).isEqualTo(http.url());
            assertThat(row.getString(3)).isEqualTo("Registered over HTTP");
            assertThat(row.getString(4)).isEqualTo("it-admin");
        }
    }

    @Test
    void an_sse_server_is_registered_and_connected() {
        assertThat(gateway.post("/api/servers", """
                {"id": "reg-sse", "transport": "sse", "url": "%s"}""".formatted(sse.url())).status()).isEqualTo(201);
        GatewayFixture.awaitState(gateway, "reg-sse", "HEALTHY", Duration.ofSeconds(30));
        assertThat(gateway.get("/api/servers/reg-sse/tools").array()).isNotEmpty();
    }

    @Test
    void removing_a_registration_disconnects_and_forgets_it() throws SQLException {
        assertThat(gateway.post("/api/servers", """
                {"id": "reg-gone", "transport": "sse", "url": "%s"}""".formatted(sse.url())).status()).isEqualTo(201);
        GatewayFixture.awaitState(gateway, "reg-gone", "HEALTHY", Duration.ofSeconds(30));

        GatewayClient.Reply deleted = gateway.delete("/api/servers/reg-gone");
        assertThat(deleted.status()).isEqualTo(204);
        assertProblem(gateway.get("/api/servers/reg-gone/status"), 404);
        assertProblem(gateway.get("/api/tools/reg-gone.echo"), 404);
        assertProblem(gateway.delete("/api/servers/reg-gone"), 404);
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("select count(*) from \"" + System.getProperty("it.db.schema")
                     + "\".registered_server where id = 'reg-gone'")) {
            ResultSet count = query.executeQuery();
            count.next();
            assertThat(count.getInt(1)).isZero();
        }
    }

    @Test
    void catalogue_servers_cannot_be_removed_through_the_api() {
        assertThat(assertProblem(gateway.delete("/api/servers/everything"), 409).getString("detail")).contains("catalogue");
        assertThat(gateway.get("/api/servers/everything/status").status()).isEqualTo(200);
    }

    @Test
    void duplicate_ids_are_409_and_change_nothing() {
        int before = gateway.get("/api/servers").array().size();
        assertProblem(gateway.post("/api/servers", """
                {"id": "everything", "transport": "sse", "url": "%s"}""".formatted(sse.url())), 409);
        assertThat(gateway.get("/api/servers/everything/status").object().getString("transport")).isEqualTo("stdio");
        assertThat(gateway.get("/api/servers").array()).hasSize(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON|{\"id\": \"x\", |400",
            "array body|[1, 2]|400",
            "empty body|''|400",
            "unknown transport|{\"id\": \"x1\", \"transport\": \"carrier-pigeon\", \"url\": \"http://127.0.0.1:1/mcp\"}|422",
            "stdio from the API|{\"id\": \"x2\", \"transport\": \"stdio\", \"command\": \"rm\", \"args\": [\"-rf\", \"/\"]}|422",
            "invalid URL|{\"id\": \"x3\", \"transport\": \"sse\", \"url\": \"http://exa mple/sse\"}|422",
            "not http|{\"id\": \"x4\", \"transport\": \"sse\", \"url\": \"file:///etc/passwd\"}|422",
            "bad id|{\"id\": \"has.dot\", \"transport\": \"sse\", \"url\": \"http://127.0.0.1:1/sse\"}|422",
            "missing fields|{\"name\": \"nameless\"}|422",
            "unknown field|{\"id\": \"x5\", \"transport\": \"sse\", \"url\": \"http://127.0.0.1:1/sse\", \"colour\": \"red\"}|422",
            "cloud metadata|{\"id\": \"x6\", \"transport\": \"streamable-http\", \"url\": \"http://169.254.169.254/latest/meta-data\"}|422",
            "metadata in decimal|{\"id\": \"x7\", \"transport\": \"streamable-http\", \"url\": \"http://2852039166/mcp\"}|422",
            "metadata IPv4-mapped|{\"id\": \"x8\", \"transport\": \"streamable-http\", \"url\": \"http://[::ffff:a9fe:a9fe]/mcp\"}|422",
            "placeholder is not expanded|{\"id\": \"x9\", \"transport\": \"sse\", \"url\": \"http://${gateway.db.password}/sse\"}|422"})
    void bad_registrations_are_rejected_with_a_problem_and_nothing_changes(String name, String body, int status) {
        List<String> before = ids();
        JsonObject problem = assertProblem(gateway.post("/api/servers", body.equals("''") ? "" : body), status);
        if (status == 422 && problem.containsKey("extensions")) {
            assertThat(problem.getJsonObject("extensions").getJsonArray("violations")).isNotEmpty();
        }
        assertThat(ids()).isEqualTo(before);
    }

    @Test
    void violations_are_listed_all_at_once() {
        JsonObject problem = assertProblem(gateway.post("/api/servers", """
                {"id": "bad id!", "transport": "sse", "url": "ftp://x", "enabled": "yes"}"""), 422);
        assertThat(problem.getJsonObject("extensions").getJsonArray("violations").stream().map(JsonValue::toString).toList())
                .hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("body.id"))
                .anySatisfy(v -> assertThat(v).contains("body.url"))
                .anySatisfy(v -> assertThat(v).contains("body.enabled"));
    }

    private static List<String> ids() {
        return gateway.get("/api/servers").array().stream().map(v -> v.asJsonObject().getString("id")).sorted().toList();
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(System.getProperty("it.db.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("it.db.user", "postgres"), "");
    }
}
