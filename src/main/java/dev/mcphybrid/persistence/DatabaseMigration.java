package dev.mcphybrid.persistence;

import dev.mcphybrid.common.Failures;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date before anything touches the database. The same migrations run on PostgreSQL and
 * on the embedded H2 default; the few types H2 spells differently are Flyway placeholders (see db/README.md).
 */
@ApplicationScoped
public class DatabaseMigration {

    /** Start-up order: migrations first, everything that reads the database after. */
    public static final int STARTUP_PRIORITY = 100;

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class.getName());

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "gateway.db.schema")
    Optional<String> schema;

    private volatile MigrationState state = MigrationState.pending();

    void migrateOnStartup(@Observes @Priority(STARTUP_PRIORITY) Startup startup) {
        migrate();
    }

    public synchronized MigrationState migrate() {
        try {
            Vendor vendor = vendor();
            var config = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .locations(vendor.locations())
                    .callbackLocations("classpath:db/migration")
                    .placeholders(vendor.placeholders())
                    .createSchemas(true)
                    .cleanDisabled(true);
            schema.filter(s -> !s.isBlank()).ifPresent(s -> config.schemas(s).defaultSchema(s));
            Flyway flyway = config.load();
            MigrateResult result = flyway.migrate();
            String version = Optional.ofNullable(flyway.info().current())
                    .map(current -> current.getVersion().getVersion()).orElse("none");
            state = MigrationState.done(vendor.name(), version, result.migrationsExecuted);
            LOG.info(() -> "Database " + vendor.productName + " at schema version " + state.version()
                    + " (" + result.migrationsExecuted + " migrations applied now)");
        } catch (RuntimeException | SQLException e) {
            state = MigrationState.failed(Failures.rootMessage(e));
            LOG.log(Level.SEVERE, "Database migration failed; the gateway stays up but is not ready: " + state.error(), e);
        }
        return state;
    }

    public MigrationState state() {
        return state;
    }

    private Vendor vendor() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Vendor.of(connection.getMetaData().getDatabaseProductName());
        }
    }

    /** The database kinds the migrations are written for. */
    enum Vendor {
        /** PostgreSQL also gets the DBA views of db/vendor/postgresql. */
        POSTGRESQL("PostgreSQL", Map.of("json_type", "jsonb"), "classpath:db/migration", "classpath:db/vendor/postgresql"),
        H2("H2", Map.of("json_type", "json"), "classpath:db/migration");

        private final String productName;
        private final Map<String, String> placeholders;
        private final String[] locations;

        Vendor(String productName, Map<String, String> placeholders, String... locations) {
            this.productName = productName;
            this.placeholders = placeholders;
            this.locations = locations;
        }

        String[] locations() {
            return locations;
        }

        Map<String, String> placeholders() {
            return placeholders;
        }

        static Vendor of(String productName) {
            for (Vendor vendor : values()) {
                if (vendor.productName.equalsIgnoreCase(productName)) {
                    return vendor;
                }
            }
            throw new IllegalStateException("Unsupported database '" + productName + "': use PostgreSQL or the embedded H2 default");
        }
    }
}
