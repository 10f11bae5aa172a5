package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.EventFilters;
import dev.mcphybrid.events.Subscription;
import dev.mcphybrid.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code GET /api/events/stream?types=...&servers=...}: every envelope the gateway publishes, filtered by type and
 * server (comma-separated; none means all). Documented in META-INF/openapi.yaml.
 */
public class EventsStreamServlet extends SseStreamServlet {

    @Override
    protected Subscription subscription(HttpServletRequest request) {
        try {
            return new Subscription(EventFilters.types(request.getParameter("types")), EventFilters.servers(request.getParameter("servers")));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("types: " + e.getMessage());
        }
    }

    @Override
    protected String describe(HttpServletRequest request, Subscription subscription) {
        return "sse events " + subscription.types() + " " + subscription.servers();
    }
}
