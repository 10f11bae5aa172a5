package dev.mcphybrid.health;

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

/** Ready only when the schema is migrated and a connection answers within two seconds. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    @Inject
    DatabaseMigration migration;

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
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? response.up().build()
                    : response.down().withData("error", "connection did not answer within 2 s").build();
        } catch (SQLException e) {
            return response.down().withData("error", String.valueOf(e.getMessage()).lines().findFirst().orElse("")).build();
        }
    }
}
