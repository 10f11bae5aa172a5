package dev.mcphybrid.status;

import dev.mcphybrid.registry.ServerRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The server and tool a call is counted under. Callers can name any tool, and calls of unknown tools are still
 * audited and counted, so only names the gateway has seen a server list become series of their own: a call
 * naming a tool its server never listed counts as {@value #UNLISTED_TOOL}, one naming no registered server as
 * {@value #UNKNOWN_SERVER}. A tool once listed keeps its series while its server is down.
 */
@ApplicationScoped
public class CallLabels {

    /** Not a valid server id, so it cannot collide with one. */
    public static final String UNKNOWN_SERVER = "(unknown)";
    public static final String UNLISTED_TOOL = "(unlisted)";

    /** The labels of one call. */
    public record Labels(String server, String tool) {
        public String toolId() {
            return server + "." + tool;
        }
    }

    @Inject
    ServerRegistry registry;

    private Predicate<String> serverExists;
    private BiPredicate<String, String> toolListed;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public CallLabels() {
    }

    CallLabels(Predicate<String> serverExists, BiPredicate<String, String> toolListed) {
        this.serverExists = serverExists;
        this.toolListed = toolListed;
    }

    @PostConstruct
    void init() {
        serverExists = registry::contains;
        toolListed = (server, tool) -> registry.find(server).flatMap(s -> s.tool(tool)).isPresent();
    }

    /** @param toolId {@code serverId.toolName} as the caller wrote it */
    public Labels of(String serverId, String toolId) {
        if (serverId == null || !serverExists.test(serverId) || toolId == null || !toolId.startsWith(serverId + ".")) {
            return new Labels(UNKNOWN_SERVER, UNLISTED_TOOL);
        }
        String tool = toolId.substring(serverId.length() + 1);
        Labels labels = new Labels(serverId, tool);
        if (toolListed.test(serverId, tool)) {
            seen.add(labels.toolId());
            return labels;
        }
        return seen.contains(labels.toolId()) ? labels : new Labels(serverId, UNLISTED_TOOL);
    }

    /** The server was removed: its tools are forgotten. */
    public void forget(String serverId) {
        seen.removeIf(id -> id.startsWith(serverId + "."));
    }
}
