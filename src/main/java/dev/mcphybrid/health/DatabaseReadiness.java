package dev.mcphybrid.health;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.persistence.DatabaseMigration;
import dev.mcphybrid.persistence.MigrationState;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the schema is migrated and calls can be audited: in the database, or, while it does not answer, in
 * the disk spool. A database outage after start-up leaves the gateway ready (calls work and their audit records
 * wait on disk; {@code /api/status} says DEGRADED), because every replica shares the database and taking them all
 * out of the load balancer would only turn a degraded service into none. Not ready when the database is away and
 * the spool cannot be written either.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    @Inject
    DatabaseMigration migration;

    @Inject
    AuditLog audit;

    @Override
    public HealthCheckResponse call() {
        MigrationState state = migration.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .withData("migration", state.status().name());
        if (state.database() != null) {
            response.withData("database", state.database()).withData("schemaVersion", state.version());
        }
        if (!state.ok()) {
            return response.down().withData("error", state.error() == null ? "migrations not applied yet" : state.error()).build();
        }
        String error = connectionError();
        if (error == null) {
            return response.up().withData("reachable", true).build();
        }
        response.withData("reachable", false).withData("error", error);
        if (audit.spoolWritable()) {
            return response.up().withData("audit", "spooling to disk until the database answers").build();
        }
        return response.down().withData("audit", "the disk spool is not writable either: calls cannot be audited").build();
    }

    private String connectionError() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? null : "connection did not answer within 2 s";
        } catch (SQLException e) {
            return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
    }
}
