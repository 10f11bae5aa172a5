package dev.mcphybrid.status;

import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerRemoved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/** Forgets the figures and series of a removed server, so servers that come and go leave nothing behind. */
@ApplicationScoped
public class ServerRemovals {

    @Inject
    ServerRegistry registry;

    @Inject
    ToolCallMetrics metrics;

    @Inject
    RecentCalls calls;

    @Inject
    CallLabels labels;

    void onRemoved(@ObservesAsync ServerRemoved removed) {
        String id = removed.serverId();
        if (registry.contains(id)) {
            return; // a changed catalogue entry, added again at once: it keeps its series
        }
        metrics.forget(id);
        calls.forget(id);
        labels.forget(id);
    }
}
