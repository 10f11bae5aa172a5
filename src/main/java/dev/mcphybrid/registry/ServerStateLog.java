package dev.mcphybrid.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.logging.Logger;

/** Writes every server state change to the gateway's log: what an operator greps for first. */
@ApplicationScoped
public class ServerStateLog {

    private static final Logger LOG = Logger.getLogger(ServerStateLog.class.getName());

    void onChange(@ObservesAsync ServerStateChanged change) {
        String line = "Server " + change.serverId() + ": " + change.previous() + " -> " + change.current()
                + (change.error() == null ? "" : " (" + change.error() + ")");
        if (change.current() == ServerState.UNHEALTHY) {
            LOG.warning(line);
        } else if (change.current() != ServerState.CONNECTING) {
            LOG.info(line);
        }
    }
}
