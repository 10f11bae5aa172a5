package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.Subscription;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import dev.mcphybrid.security.Callers;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** Opens an SSE stream on the bus: shared by the events and the logs streams. */
@ApplicationScoped
public class EventStreams {

    static final long RETRY_MS = 3000;

    @Inject
    EventBus bus;

    @Inject
    Callers callers;

    public void open(SseEventSink sink, Sse sse, Subscription subscription, String lastEventId, String description, SecurityContext security) {
        Long after = lastEventId(lastEventId);
        String principal = callers.of(security).name();
        try {
            bus.admit(principal); // before the hello commits a 200
            SseClientSink client = new SseClientSink(sink, sse, description);
            client.hello(RETRY_MS);
            bus.connect(client, subscription, after, principal); // a client that goes away is removed at its next failed send
        } catch (EventBus.TooManyClientsException e) {
            throw new ProblemException(Problem.of(e.perPrincipal() ? 429 : 503, "too-many-clients", "Too many event clients", e.getMessage()), 10L);
        }
    }

    private static Long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Last-Event-ID must be the id of an event this gateway sent, was '" + value + "'");
        }
    }
}
