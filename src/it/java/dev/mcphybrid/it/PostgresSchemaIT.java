package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema the gateway migrated at start-up, read straight from the real PostgreSQL. */
class PostgresSchemaIT {

    static final String SCHEMA = System.getProperty("it.db.schema");

    static Connection db;

    @BeforeAll
    static void connect() throws SQLException {
        GatewayFixture.readyGateway();
        db = DriverManager.getConnection(System.getProperty("it.db.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                System.getProperty("it.db.user", "postgres"), "");
    }

    @AfterAll
    static void dropSchemasOfEarlierRuns() throws SQLException {
        // each run migrates into gateway_it_<UTC yyyyMMddHHmmss>; keep this run's and any other run's that may still be
        // going (another checkout on the same machine), drop those older than a few hours
        String cutoff = "gateway_it_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now().minus(Duration.ofHours(3)));
        List<String> old = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select nspname from pg_namespace where nspname like 'gateway_it_%'")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                if (!schema.equals(SCHEMA) && schema.length() == cutoff.length() && schema.compareTo(cutoff) < 0) {
                    old.add(schema);
                }
            }
        }
        try (Statement statement = db.createStatement()) {
            for (String schema : old) {
                statement.execute("drop schema \"" + schema + "\" cascade");
            }
        }
        db.close();
    }

    @Test
    void flyway_applied_every_migration_successfully() throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "select version, success from \"" + SCHEMA + "\".flyway_schema_history where version is not null order by installed_rank")) {
            ResultSet rs = query.executeQuery();
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).as("migration " + rs.getString("version")).isTrue();
                versions.add(rs.getString("version"));
            }
            assertThat(versions).startsWith("1", "2");
        }
    }

    @Test
    void tool_execution_has_the_audit_columns_and_indexes() throws SQLException {
        Map<String, String> columns = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(
                "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = 'tool_execution'")) {
            query.setString(1, SCHEMA);
            ResultSet rs = query.executeQuery();
            while (rs.next()) {
                columns.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(columns).containsEntry("id", "uuid").containsEntry("arguments", "jsonb")
                .containsEntry("started_at", "timestamp with time zone").containsEntry("duration_ms", "bigint")
                .containsKeys("request_id", "tool_id", "server_id", "tool_name", "principal", "client_address", "client_agent",
                        "result_summary", "result_size", "status", "error", "cached");
        List<String> indexes = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("select indexname from pg_indexes where schemaname = ? and tablename = 'tool_execution'")) {
            query.setString(1, SCHEMA);
            ResultSet rs = query.executeQuery();
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        assertThat(indexes).contains("tool_execution_started_idx", "tool_execution_tool_idx", "tool_execution_server_idx",
                "tool_execution_principal_idx", "tool_execution_status_idx");
    }

    @Test
    void registered_server_table_has_the_documented_columns_and_jsonb() throws SQLException {
        Map<String, String> columns = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(
                "select column_name, data_type, is_nullable from information_schema.columns where table_schema = ? and table_name = 'registered_server'")) {
            query.setString(1, SCHEMA);
            ResultSet rs = query.executeQuery();
            while (rs.next()) {
                columns.put(rs.getString("column_name"), rs.getString("data_type") + (rs.getString("is_nullable").equals("NO") ? " not null" : ""));
            }
        }
        assertThat(columns).containsEntry("id", "character varying not null")
                .containsEntry("transport", "character varying not null")
                .containsEntry("url", "character varying not null")
                .containsEntry("definition", "jsonb not null")
                .containsEntry("registered_at", "timestamp with time zone not null")
                .containsKey("registered_by");
    }
}
