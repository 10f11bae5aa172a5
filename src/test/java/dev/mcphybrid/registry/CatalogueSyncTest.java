package dev.mcphybrid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueSyncTest {

    @Test
    void discovery_that_fires_before_start_up_leaves_the_servers_to_start_up(@TempDir Path dir) throws Exception {
        Path catalogue = Files.writeString(dir.resolve("servers.yml"), """
                servers:
                  - id: one
                    transport: sse
                    url: http://127.0.0.1:1/sse
                """);
        CatalogueSync sync = new CatalogueSync();
        sync.registry = BenchServers.registry(null);
        sync.cataloguePath = catalogue.toString();

        sync.synchronizeCatalogue();

        assertThat(sync.registry.all()).as("start-up would add them again, leaving these sessions open").isEmpty();
    }
}
