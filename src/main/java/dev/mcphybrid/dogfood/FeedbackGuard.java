package dev.mcphybrid.dogfood;

import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;

/**
 * Keeps the dogfood writes from feeding themselves. A write is a tool call on the memory server by the gateway's
 * own principal, and can cause:
 * <ul>
 * <li>a {@code ToolExecuted} event: never observed by the recorder at all;</li>
 * <li>alerts naming the memory server: its tools' error rate, its circuit breaker opening;</li>
 * <li>if a write were to upset the server (crash it, hang it), state and tool changes of the memory server, which
 * written back to it would upset it again on every recovery.</li>
 * </ul>
 * So no event about the memory server itself becomes a write to it. Events about other servers and the gateway
 * do, and nothing a write causes names another server.
 */
final class FeedbackGuard {

    private final String memoryServerId;

    FeedbackGuard(String memoryServerId) {
        this.memoryServerId = memoryServerId;
    }

    boolean mayCauseWrite(Object event) {
        String about;
        if (event instanceof ServerStateChanged change) {
            about = change.serverId();
        } else if (event instanceof ToolsChanged change) {
            about = change.serverId();
        } else if (event instanceof SystemAlert alert) {
            about = alert.serverId();
        } else {
            return false;
        }
        return !memoryServerId.equals(about);
    }
}
