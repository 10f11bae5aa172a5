package dev.mcphybrid.registry;

import dev.mcphybrid.persistence.DatabaseMigration;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Fills the registry once the database is migrated: the catalogue's servers, then the stored registrations (a
 * registration shadowed by a catalogue entry of the same id stays offline), then connects every enabled server
 * concurrently, so one slow server does not hold up the others. Discovery and cluster notices wait for this.
 */
@ApplicationScoped
public class RegistryStartup {

    private static final Logger LOG = Logger.getLogger(RegistryStartup.class.getName());

    @Inject
    ServerRegistry registry;

    @Inject
    ServerConnector connector;

    @Inject
    CatalogueSync catalogue;

    @Inject
    RegistrationSync registrations;

    @Inject
    Config config;

    void onStartup(@Observes @Priority(DatabaseMigration.STARTUP_PRIORITY + 10) Startup startup) {
        createDataDirectory();
        catalogue.readCatalogue().ifPresent(definitions -> definitions.forEach(registry::add));
        registrations.tryReadRegistrations().orElseGet(java.util.List::of).forEach(definition -> {
            if (registry.contains(definition.id())) {
                LOG.warning(() -> "Registered server " + definition.id() + " is shadowed by the catalogue entry of the same id");
            } else {
                registry.add(definition);
            }
        });
        catalogue.started();
        registrations.started();
        registry.all().forEach(connector::connectIfEnabled);
    }

    /** Stdio servers started by the gateway (e.g. the memory server) keep their files here. */
    private void createDataDirectory() {
        config.getOptionalValue("gateway.data.dir", String.class).ifPresent(dir -> {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException e) {
                LOG.warning(() -> "Cannot create data directory " + dir + ": " + e.getMessage());
            }
        });
    }
}
