package dev.mcphybrid.audit.boundary;

import dev.mcphybrid.audit.AuditQueries;
import dev.mcphybrid.audit.ExecutionFilter;
import dev.mcphybrid.audit.ExecutionPage;
import dev.mcphybrid.audit.ExecutionStats;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.audit.ExecutionView;
import static dev.mcphybrid.common.QueryParams.blankToNull;
import static dev.mcphybrid.common.QueryParams.instant;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.registry.Durations;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("executions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions", description = "The audit log of tool executions")
public class ExecutionsResource {

    @Inject
    AuditQueries queries;

    @GET
    @Operation(summary = "Executions, newest first, keyset-paged: pass nextCursor back as cursor")
    public ExecutionPage list(@QueryParam("server") String server, @QueryParam("tool") String tool,
                              @QueryParam("principal") String principal,
                              @Parameter(description = "SUCCESS, ERROR, TIMEOUT or REJECTED") @QueryParam("status") String status,
                              @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
                              @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
                              @QueryParam("cursor") String cursor,
                              @Parameter(description = "1-500, default 50") @QueryParam("limit") String limit) {
        return queries.page(new ExecutionFilter(blankToNull(server), blankToNull(tool), blankToNull(principal), status(status),
                instant("from", from), instant("to", to)), cursor, limit(limit));
    }

    @GET
    @Path("stats")
    @Operation(summary = "Count, error rate and p50/p95 duration overall, per tool and per server over a window",
            description = "window: how far back from now (e.g. 15m, 1h, 24h; default 1h), or from/to instants.")
    public ExecutionStats stats(@QueryParam("window") String window, @QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start;
        if (from != null) {
            start = instant("from", from);
        } else {
            Duration span;
            try {
                span = window == null ? Duration.ofHours(1) : Durations.parse(window);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("window: " + e.getMessage());
            }
            start = end.minus(span);
        }
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("from must be before to");
        }
        return queries.stats(start, end);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One execution with its redacted arguments")
    public ExecutionView get(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'" + id + "' is not an execution id (a UUID)");
        }
        return queries.find(uuid).orElseThrow(() -> ProblemException.notFound("Execution", id));
    }

    private static ExecutionStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ExecutionStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status must be one of " + Arrays.toString(ExecutionStatus.values()));
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= 500) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badRequest("limit must be a whole number from 1 to 500");
    }
}
