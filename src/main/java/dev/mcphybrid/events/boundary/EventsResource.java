package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.EventFilters;
import dev.mcphybrid.events.Subscription;
import dev.mcphybrid.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("events")
@RequestScoped
@Tag(name = "Events", description = "Live events over SSE (WebSocket at /ws/events)")
public class EventsResource {

    @Inject
    EventStreams streams;

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events: every envelope the gateway publishes, filtered",
            description = "Each event has id: (send it back as Last-Event-ID to get what you missed, exactly once and in "
                    + "order, as long as it is still in the replay history), event: set to its type and data: the JSON "
                    + "envelope. Heartbeat comments keep the connection open; retry: is 3 s.")
    public void stream(@Context SseEventSink sink, @Context Sse sse, @Context SecurityContext security,
                       @Parameter(description = "comma-separated: log_entry, server_status, tool_update, workflow_update, "
                               + "system_alert, memory_update, execution") @QueryParam("types") String types,
                       @Parameter(description = "comma-separated server ids") @QueryParam("servers") String servers,
                       @HeaderParam("Last-Event-ID") String lastEventId) {
        Subscription subscription;
        try {
            subscription = new Subscription(EventFilters.types(types), EventFilters.servers(servers));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("types: " + e.getMessage());
        }
        streams.open(sink, sse, subscription, lastEventId, "sse events " + subscription.types() + " " + subscription.servers(), security);
    }
}
