package dev.mcphybrid.mcp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import reactor.core.scheduler.Schedulers;

/**
 * The MCP SDK runs on Reactor, whose shared schedulers belong to this application's class loader: their threads
 * are stopped once the application's beans are gone (every session closed), so a redeploy leaks none.
 */
@Dependent
public class ReactorShutdown {

    static void stopSchedulers(@Observes @Destroyed(ApplicationScoped.class) Object application) {
        Schedulers.shutdownNow();
    }
}
