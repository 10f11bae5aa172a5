package dev.mcphybrid.cluster;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start a cluster member that could not share its state: cluster mode without the shared store, or on
 * the embedded H2 database (each instance would have a database of its own). Says what to set.
 */
public class ClusterStartupCheck implements ServletContextListener {

    static final String NO_REDIS = "gateway.cluster.enabled=true needs the shared store: set gateway.cluster.redis.url "
            + "(GATEWAY_CLUSTER_REDIS_URL), e.g. redis://redis:6379, the same on every instance";
    static final String EMBEDDED_DATABASE = "gateway.cluster.enabled=true needs one database for every instance: set "
            + "gateway.db.url (GATEWAY_DB_URL) to PostgreSQL, e.g. jdbc:postgresql://db:5432/gateway; the embedded H2 "
            + "database belongs to one instance";

    private static final Logger LOG = Logger.getLogger(ClusterStartupCheck.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Config config = ConfigProvider.getConfig();
        boolean enabled = config.getValue("gateway.cluster.enabled", Boolean.class);
        Optional<String> problem = problem(enabled, config.getOptionalValue("gateway.cluster.redis.url", String.class),
                config.getOptionalValue("gateway.db.url", String.class));
        if (problem.isPresent()) {
            LOG.severe(problem.get());
            throw new IllegalStateException(problem.get());
        }
        if (enabled) {
            LOG.info("Cluster mode: sharing events, configuration, cache and leases through "
                    + config.getOptionalValue("gateway.cluster.redis.url", String.class).map(ClusterStartupCheck::withoutCredentials).orElse("")
                    + " under prefix " + config.getOptionalValue("gateway.cluster.prefix", String.class).orElse(""));
        }
    }

    static Optional<String> problem(boolean enabled, Optional<String> redisUrl, Optional<String> dbUrl) {
        if (!enabled) {
            return Optional.empty();
        }
        if (redisUrl.filter(url -> !url.isBlank()).isEmpty()) {
            return Optional.of(NO_REDIS);
        }
        // Liberty's default is H2 (server.xml) when gateway.db.url is not set at all
        if (dbUrl.isEmpty() || dbUrl.get().startsWith("jdbc:h2:")) {
            return Optional.of(EMBEDDED_DATABASE);
        }
        return Optional.empty();
    }

    private static String withoutCredentials(String url) {
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        return at > 0 && scheme > 0 ? url.substring(0, scheme + 3) + url.substring(at + 1) : url;
    }
}
