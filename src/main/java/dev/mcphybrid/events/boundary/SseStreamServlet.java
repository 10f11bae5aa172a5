package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventClient;
import dev.mcphybrid.events.Subscription;
import dev.mcphybrid.problem.ErrorPageServlet;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.security.Callers;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server-sent events stream on the bus, served by a plain async servlet (mapped in web.xml) rather than JAX-RS,
 * so that a batch of events costs one write and one flush. Everything that can be refused is refused before the
 * 200 is committed, as problem+json: a bad filter or Last-Event-ID (400), a stream that is not acceptable (406), too
 * many streams (429 for this principal, 503 for the gateway, with Retry-After). Subclasses read the filter.
 */
public abstract class SseStreamServlet extends HttpServlet {

    static final long RETRY_MS = 3000;

    /** Looked up rather than injected: web.xml is metadata-complete. */
    private transient EventBus bus;
    private transient Callers callers;

    @Override
    public void init() {
        bus = CDI.current().select(EventBus.class).get();
        callers = CDI.current().select(Callers.class).get();
    }

    /** What the stream carries, from the request's query. @throws ProblemException for a bad filter */
    protected abstract Subscription subscription(HttpServletRequest request);

    /** How the stream is named in logs and alerts (e.g. when it is dropped as too slow). */
    protected abstract String describe(HttpServletRequest request, Subscription subscription);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            requireEventStreamAccepted(request.getHeader("Accept"));
            Subscription subscription = subscription(request);
            Long after = lastEventId(request.getHeader("Last-Event-ID"));
            String principal = callers.of(request.getUserPrincipal(), request::isUserInRole).name();
            bus.admit(principal);
            open(request, response, subscription, after, principal);
        } catch (ProblemException e) {
            refuse(request, response, e.problem(), e.retryAfterSeconds());
        } catch (EventBus.TooManyClientsException e) {
            refuse(request, response, Problem.of(e.perPrincipal() ? 429 : 503, "too-many-clients", "Too many event clients",
                    e.getMessage()), 10L);
        }
    }

    private void open(HttpServletRequest request, HttpServletResponse response, Subscription subscription, Long after,
                      String principal) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        AtomicReference<EventClient> client = new AtomicReference<>();
        SseConnection sink = new SseConnection(out, async::complete, () -> disconnect(client.get()), describe(request, subscription));
        async.addListener(new Ended(sink, client));
        sink.hello(RETRY_MS);
        out.setWriteListener(sink); // the container's first onWritePossible writes the hello
        try {
            client.set(bus.connect(sink, subscription, after, principal));
        } catch (EventBus.TooManyClientsException e) {
            sink.close(e.getMessage()); // lost a race with another connect after admit: the 200 is out already
            return;
        }
        if (sink.gone()) {
            bus.disconnect(client.get()); // ended before it was connected
        }
    }

    private void disconnect(EventClient client) {
        if (client != null) {
            bus.disconnect(client);
        }
    }

    /** Like JAX-RS' @Produces: a client that names what it accepts must accept an event stream. */
    static void requireEventStreamAccepted(String accept) {
        if (accept == null || accept.isBlank() || accept.contains("text/event-stream") || accept.contains("*/*")
                || accept.contains("text/*")) {
            return;
        }
        throw new ProblemException(Problem.of(406, "not-acceptable", "Not Acceptable",
                "This is a text/event-stream; the request accepts only " + accept));
    }

    static Long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Last-Event-ID must be the id of an event this gateway sent, was '" + value + "'");
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, Problem problem, Long retryAfterSeconds)
            throws IOException {
        if (retryAfterSeconds != null) {
            response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        ErrorPageServlet.write(response, problem.withInstance(request.getRequestURI()));
    }

    /** Takes the client off the bus as soon as the container knows the response is over. */
    private final class Ended implements AsyncListener {
        private final SseConnection sink;
        private final AtomicReference<EventClient> client;

        Ended(SseConnection sink, AtomicReference<EventClient> client) {
            this.sink = sink;
            this.client = client;
        }

        private void ended() {
            sink.ended();
            EventClient connected = client.get();
            if (connected != null) {
                bus.disconnect(connected);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ended();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ended();
        }

        @Override
        public void onError(AsyncEvent event) {
            ended();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
