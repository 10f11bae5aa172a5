package dev.mcphybrid.health;

import dev.mcphybrid.registry.CatalogueStatus;
import dev.mcphybrid.registry.CatalogueSync;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the catalogue is loaded. Each server's state is reported as data, but a downstream server that is
 * down never makes the gateway unready: the gateway still serves everything else.
 */
@Readiness
@ApplicationScoped
public class CatalogueReadiness implements HealthCheck {

    @Inject
    ServerRegistry registry;

    @Inject
    CatalogueSync catalogueSync;

    @Override
    public HealthCheckResponse call() {
        CatalogueStatus catalogue = catalogueSync.catalogue();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("catalogue");
        if (catalogue == null) {
            return response.down().withData("error", "gateway still starting").build();
        }
        response.withData("path", catalogue.path()).withData("servers", catalogue.servers());
        for (ManagedServer server : registry.all()) {
            response.withData("server." + server.id(), server.state().name());
        }
        if (!catalogue.loaded()) {
            return response.down().withData("error", String.join("; ", catalogue.errors())).build();
        }
        return response.up().build();
    }
}
