package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every example in db/queries runs against the schema the gateway migrated, with some executions in it. */
class DbaQueriesIT {

    @BeforeAll
    static void someExecutions() {
        GatewayClient gateway = GatewayFixture.readyGateway();
        GatewayFixture.awaitState(gateway, "everything", "HEALTHY", java.time.Duration.ofSeconds(60));
        gateway.post("/api/tools/everything.get-sum/execute", "{\"arguments\": {\"a\": 1, \"b\": 1}}");
        gateway.post("/api/tools/everything.get-sum/execute", "{\"arguments\": {\"a\": \"x\"}}");
    }

    @Test
    void every_example_query_runs() throws Exception {
        List<Path> queries;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("project.root", "."), "db", "queries"))) {
            queries = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(4);
        try (Connection db = Database.connect(); Statement statement = db.createStatement()) {
            for (Path query : queries) {
                try (ResultSet rs = statement.executeQuery(sql(query))) {
                    assertThat(rs.getMetaData().getColumnCount()).as(query.getFileName().toString()).isPositive();
                }
            }
        }
    }

    @Test
    void the_dba_views_exist_and_answer() throws Exception {
        try (Connection db = Database.connect(); Statement statement = db.createStatement()) {
            for (String view : List.of("audit_error_rate_hourly", "audit_slowest_tools", "audit_calls_per_principal_daily",
                    "audit_recent_failures")) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + view)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(view).isNotNegative();
                }
            }
            try (ResultSet rs = statement.executeQuery("select count(*) from audit_recent_failures where status = 'REJECTED'")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
            }
        }
    }

    private static String sql(Path file) throws IOException {
        return Files.readString(file).trim().replaceAll(";\\s*$", "");
    }
}
