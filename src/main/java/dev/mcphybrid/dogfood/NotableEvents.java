package dev.mcphybrid.dogfood;

import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides which gateway events are worth remembering and words them as observations. Only real changes count: a
 * server going UNHEALTHY (once, not again on every failed reconnect), coming back up, coming up for the first time
 * in this gateway's life, and a tool set that differs from the one it offered before. DEGRADED flaps, reconnect
 * attempts and a tool list emptied because the server went away (its state change says so) are not notable.
 */
final class NotableEvents {

    /** Tool names listed in one observation; the rest are counted. */
    static final int MAX_TOOL_NAMES = 30;

    private final Clock clock;
    private final Set<String> down = new HashSet<>();
    private final Set<String> seenUp = new HashSet<>();
    /** Each server's tools as the ToolsChanged events describe them, and the last non-empty set it offered. */
    private final Map<String, Set<String>> listed = new HashMap<>();
    private final Map<String, Set<String>> offered = new HashMap<>();

    NotableEvents(Clock clock) {
        this.clock = clock;
    }

    /** The observation an event deserves, if any; other event types deserve none. */
    Optional<Observation> observe(Object event) {
        if (event instanceof ServerStateChanged change) {
            return stateChanged(change);
        }
        if (event instanceof ToolsChanged change) {
            return toolsChanged(change);
        }
        if (event instanceof SystemAlert alert) {
            return alert(alert);
        }
        return Optional.empty();
    }

    synchronized Optional<Observation> stateChanged(ServerStateChanged change) {
        String id = change.serverId();
        ServerState now = change.current();
        if (now == ServerState.UNHEALTHY) {
            return down.add(id)
                    ? server(id, now(), "became UNHEALTHY" + (change.error() == null ? "" : ": " + change.error()))
                    : Optional.empty();
        }
        if (now == ServerState.HEALTHY || now == ServerState.DEGRADED) {
            boolean recovered = down.remove(id);
            boolean first = seenUp.add(id);
            if (recovered) {
                return server(id, now(), "came back up (" + now + ") after being UNHEALTHY");
            }
            if (first) {
                return server(id, now(), "came up (" + now + ")");
            }
        }
        return Optional.empty();
    }

    synchronized Optional<Observation> toolsChanged(ToolsChanged change) {
        String id = change.serverId();
        Set<String> tools = listed.computeIfAbsent(id, k -> new TreeSet<>());
        tools.removeAll(change.removed());
        tools.addAll(change.added());
        if (tools.isEmpty()) {
            return Optional.empty();
        }
        Set<String> before = offered.put(id, new TreeSet<>(tools));
        if (before == null) {
            return server(id, now(), "offers " + tools.size() + " tools: " + names(tools));
        }
        List<String> added = tools.stream().filter(t -> !before.contains(t)).toList();
        List<String> removed = before.stream().filter(t -> !tools.contains(t)).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        if (!added.isEmpty()) {
            text.append("added tools ").append(names(added));
        }
        if (!removed.isEmpty()) {
            text.append(added.isEmpty() ? "" : "; ").append("removed tools ").append(names(removed));
        }
        return server(id, now(), text.append(" (now ").append(tools.size()).append(")").toString());
    }

    Optional<Observation> alert(SystemAlert alert) {
        if ("health".equals(alert.source())) {
            return Optional.empty(); // ServerEventPublisher raises these for state changes, which are observed themselves
        }
        GraphEntity entity = alert.serverId() == null ? GraphEntity.GATEWAY : GraphEntity.server(alert.serverId());
        Instant at = alert.at() == null ? now() : alert.at();
        return Optional.of(new Observation(entity, stamp(at) + " " + alert.level() + " alert from " + alert.source() + ": "
                + alert.message()));
    }

    private static Optional<Observation> server(String id, Instant at, String what) {
        return Optional.of(new Observation(GraphEntity.server(id), stamp(at) + " server " + id + " " + what));
    }

    private Instant now() {
        return clock.instant();
    }

    private static String stamp(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String names(java.util.Collection<String> tools) {
        List<String> sorted = tools.stream().sorted().toList();
        String shown = String.join(", ", sorted.subList(0, Math.min(sorted.size(), MAX_TOOL_NAMES)));
        return sorted.size() > MAX_TOOL_NAMES ? shown + " and " + (sorted.size() - MAX_TOOL_NAMES) + " more" : shown;
    }
}
