package dev.mcphybrid;

import dev.mcphybrid.persistence.DatabaseMigration;
import dev.mcphybrid.persistence.MigrationState;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** One line at the end of start-up that tells an operator where everything is. */
@ApplicationScoped
public class GatewayBanner {

    private static final Logger LOG = Logger.getLogger(GatewayBanner.class.getName());

    @Inject
    Config config;

    @Inject
    DatabaseMigration migration;

    void announce(@Observes @Priority(Integer.MAX_VALUE) Startup startup) {
        String port = config.getOptionalValue("http.port", String.class).orElse("9080");
        String base = "http://localhost:" + port;
        MigrationState db = migration.state();
        String database = !db.ok() ? "NOT READY (" + db.error() + ")"
                : "H2".equals(db.database()) ? "embedded H2 (set GATEWAY_DB_URL to use PostgreSQL)" : db.database();
        LOG.info(() -> "mcp-hybrid-server is up at " + base + "/ | API " + base + "/api/servers | OpenAPI UI " + base
                + "/openapi/ui/ | health " + base + "/health | metrics " + base + "/metrics | database " + database);
    }
}
