package dev.mcphybrid.registry;

import java.time.Instant;
import java.util.List;

/** Whether the catalogue file could be used, for readiness and the logs. */
public record CatalogueStatus(String path, boolean loaded, int servers, List<String> errors, Instant loadedAt) {

    static CatalogueStatus notLoaded(String path) {
        return new CatalogueStatus(path, false, 0, List.of("not loaded yet"), null);
    }
}
