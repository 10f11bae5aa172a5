package dev.mcphybrid.audit.boundary;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.audit.DeadLetter;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.security.RequiresRole;
import dev.mcphybrid.security.Role;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Audit records the database refused (see db/README.md, "Dead letters"): list, replay after a fix, or discard. */
@Path("executions/dead-letters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
@Tag(name = "Executions", description = "The audit log of tool executions")
public class DeadLettersResource {

    public record DeadLetterList(int total, List<DeadLetter> deadLetters) {
    }

    public record ReplayResult(UUID id, String result) {
    }

    public record ReplayAllResult(int written, int refused, int remaining) {
    }

    @Inject
    AuditLog audit;

    @GET
    @Operation(summary = "Audit records the database refused, oldest first, with the database's reason (admins only)")
    public DeadLetterList list(@Parameter(description = "1-500, default 100") @QueryParam("limit") String limit) {
        List<DeadLetter> all = pipeline().deadLetters();
        return new DeadLetterList(all.size(), all.subList(0, Math.min(all.size(), limit(limit))));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One dead letter")
    public DeadLetter get(@PathParam("id") String id) {
        return pipeline().deadLetter(uuid(id)).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("{id}/replay")
    @Operation(summary = "Write one dead letter to the database again, e.g. after the database or the gateway was fixed",
            description = "200 when written (it leaves the dead letters), 409 when the database still refuses it, 503 when the database is away.")
    public ReplayResult replay(@PathParam("id") String id) {
        UUID uuid = uuid(id);
        AuditPipeline.Replay result = pipeline().replay(uuid);
        switch (result) {
            case NOT_FOUND -> throw notFound(id);
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
    @Path("replay")
    @Operation(summary = "Write every dead letter to the database again; those still refused stay",
            description = "503 when the database is away.")
    public ReplayAllResult replayAll() {
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
    @Path("{id}")
    @Operation(summary = "Discard a dead letter for good (its execution then has no audit row)")
    public Response discard(@PathParam("id") String id) {
        if (!pipeline().discardDeadLetter(uuid(id))) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private AuditPipeline pipeline() {
        return audit.pipeline();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'" + id + "' is not an execution id (a UUID)");
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("Dead letter", id);
    }

    private static ProblemException databaseAway() {
        return new ProblemException(Problem.of(503, "database-unavailable", "Database unavailable",
                "The database does not answer; try again once it is back"), 10L);
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 100;
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
