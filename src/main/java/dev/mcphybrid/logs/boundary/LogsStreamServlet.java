package dev.mcphybrid.logs.boundary;

import static dev.mcphybrid.common.QueryParams.blankToNull;

import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.Subscription;
import dev.mcphybrid.events.boundary.SseStreamServlet;
import dev.mcphybrid.logs.LogLevel;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * {@code GET /api/logs/stream?source=...&level=...}: {@code log_entry} events of one source (or all) at or above a
 * level. Documented in META-INF/openapi.yaml.
 */
public class LogsStreamServlet extends SseStreamServlet {

    @Override
    protected Subscription subscription(HttpServletRequest request) {
        String wantedSource = blankToNull(request.getParameter("source"));
        LogLevel minimum = LogsResource.level(request.getParameter("level"));
        return new Subscription(Set.of(EventType.LOG_ENTRY), Set.of(), event ->
                (wantedSource == null || wantedSource.equals(event.data().getString("source", null)))
                        && (minimum == null || LogLevel.of(event.data().getString("level", "info")).orElse(LogLevel.INFO).compareTo(minimum) >= 0));
    }

    @Override
    protected String describe(HttpServletRequest request, Subscription subscription) {
        return "sse logs " + blankToNull(request.getParameter("source")) + " " + LogsResource.level(request.getParameter("level"));
    }
}
