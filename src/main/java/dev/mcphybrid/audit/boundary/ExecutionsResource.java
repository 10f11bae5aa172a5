package dev.mcphybrid.audit.boundary;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.audit.AuditQueries;
import dev.mcphybrid.audit.DeadLetter;
import dev.mcphybrid.audit.ExecutionFilter;
import dev.mcphybrid.audit.ExecutionPage;
import dev.mcphybrid.audit.ExecutionStats;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.audit.ExecutionView;
import static dev.mcphybrid.common.QueryParams.blankToNull;
import static dev.mcphybrid.common.QueryParams.instant;
import static dev.mcphybrid.common.QueryParams.pageSize;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.security.RequiresRole;
import dev.mcphybrid.security.Role;
import dev.mcphybrid.common.Durations;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("executions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions", description = "The audit log of tool executions")
public class ExecutionsResource {

    @Inject
    AuditQueries queries;

    @Inject
    AuditLog audit;

    @GET
    @Operation(summary = "Executions, newest first, keyset-paged: pass nextCursor back as cursor")
    public ExecutionPage list(@QueryParam("server") String server, @QueryParam("tool") String tool,
                              @QueryParam("principal") String principal,
                              @Parameter(description = "SUCCESS, ERROR, TIMEOUT, REJECTED or CANCELLED") @QueryParam("status") String status,
                              @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
                              @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
                              @Parameter(description = "the W3C trace id of the call's trace (32 hex digits)") @QueryParam("traceId") String traceId,
                              @QueryParam("cursor") String cursor,
                              @Parameter(description = "1-500, default 50") @QueryParam("limit") String limit) {
        return queries.page(new ExecutionFilter(blankToNull(server), blankToNull(tool), blankToNull(principal), status(status),
                instant("from", from), instant("to", to), traceId(blankToNull(traceId))), cursor, limit(limit));
    }

    private static final java.util.regex.Pattern TRACE_ID = java.util.regex.Pattern.compile("[0-9a-f]{32}");

    private static String traceId(String value) {
        if (value == null) {
            return null;
        }
        String id = value.toLowerCase(java.util.Locale.ROOT);
        if (!TRACE_ID.matcher(id).matches()) {
            throw ProblemException.badRequest("traceId must be a W3C trace id, 32 hex digits");
        }
        return id;
    }

    @GET
    @Path("stats")
    @Operation(summary = "Count, error rate and p50/p95 duration overall, per tool and per server over a window",
            description = "window: how far back from now (e.g. 15m, 1h, 24h; default 1h), or from/to instants. On PostgreSQL"
                    + " windows of 3 hours or more come from the hourly roll-up, percentiles from its duration buckets"
                    + " (percentiles: histogram); exact=true reads every row instead (slower).")
    public ExecutionStats stats(@QueryParam("window") String window, @QueryParam("from") String from, @QueryParam("to") String to,
                                @Parameter(description = "true: exact percentiles from every row of the window",
                                        schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("exact") String exact) {
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
        return queries.stats(start, end, flag("exact", exact));
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

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || "false".equalsIgnoreCase(value.trim())) {
            return false;
        }
        if ("true".equalsIgnoreCase(value.trim())) {
            return true;
        }
        throw ProblemException.badRequest(name + " must be true or false");
    }

    private static int limit(String value) {
        return pageSize(value, 50, 500);
    }

    // Audit records the database refused (db/README.md, "Dead letters"): list, replay after a fix, or discard.
    // Here rather than in a resource of their own, so "dead-letters" is never read as an execution id.

    public record DeadLetterList(int total, List<DeadLetter> deadLetters) {
    }

    public record ReplayResult(UUID id, String result) {
    }

    public record ReplayAllResult(int written, int refused, int remaining) {
    }

    @GET
    @Path("dead-letters")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Audit records the database refused, oldest first, with the database's reason (admins only)")
    public DeadLetterList deadLetters(@Parameter(description = "1-500, default 100") @QueryParam("limit") String limit) {
        List<DeadLetter> all = pipeline().deadLetters();
        return new DeadLetterList(all.size(), all.subList(0, Math.min(all.size(), deadLetterLimit(limit))));
    }

    @GET
    @Path("dead-letters/{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "One dead letter (admins only)")
    public DeadLetter deadLetter(@PathParam("id") String id) {
        return pipeline().deadLetter(deadLetterId(id)).orElseThrow(() -> deadLetterNotFound(id));
    }

    @POST
    @Path("dead-letters/{id}/replay")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Write one dead letter to the database again, e.g. after the database or the gateway was fixed",
            description = "200 when written (it leaves the dead letters), 409 when the database still refuses it, 503 when the database is away.")
    public ReplayResult replayDeadLetter(@PathParam("id") String id) {
        UUID uuid = deadLetterId(id);
        AuditPipeline.Replay result = pipeline().replay(uuid);
        switch (result) {
            case NOT_FOUND -> throw deadLetterNotFound(id);
            case DATABASE_AWAY -> throw databaseAway();
            case REFUSED -> throw new ProblemException(Problem.of(409, "audit-record-refused", "Still refused",
                    "The database still refuses audit record " + id + ": "
                            + pipeline().deadLetter(uuid).map(DeadLetter::reason).orElse("(no reason)")));
            default -> {
                return new ReplayResult(uuid, result.name());
            }
        }
    }

    @POST
    @Path("dead-letters/replay")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Write every dead letter to the database again; those still refused stay",
            description = "503 when the database is away.")
    public ReplayAllResult replayDeadLetters() {
        int written = 0;
        int refused = 0;
        for (DeadLetter letter : pipeline().deadLetters()) {
            switch (pipeline().replay(letter.id())) {
                case WRITTEN -> written++;
                case REFUSED -> refused++;
                case DATABASE_AWAY -> throw databaseAway();
                default -> { } // replayed or discarded meanwhile
            }
        }
        return new ReplayAllResult(written, refused, pipeline().deadLetterCount());
    }

    @DELETE
    @Path("dead-letters/{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Discard a dead letter for good (its execution then has no audit row)")
    public Response discardDeadLetter(@PathParam("id") String id) {
        if (!pipeline().discardDeadLetter(deadLetterId(id))) {
            throw deadLetterNotFound(id);
        }
        return Response.noContent().build();
    }

    private AuditPipeline pipeline() {
        return audit.pipeline();
    }

    private static UUID deadLetterId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'" + id + "' is not an execution id (a UUID)");
        }
    }

    private static ProblemException deadLetterNotFound(String id) {
        return ProblemException.notFound("Dead letter", id);
    }

    private static ProblemException databaseAway() {
        return new ProblemException(Problem.of(503, "database-unavailable", "Database unavailable",
                "The database does not answer; try again once it is back"), 10L);
    }

    private static int deadLetterLimit(String value) {
        return pageSize(value, 100, 500);
    }
}
