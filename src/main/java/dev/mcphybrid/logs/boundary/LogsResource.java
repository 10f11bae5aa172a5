package dev.mcphybrid.logs.boundary;

import dev.mcphybrid.common.Page;
import dev.mcphybrid.logs.LogEntry;
import dev.mcphybrid.logs.LogLevel;
import dev.mcphybrid.logs.LogStore;
import static dev.mcphybrid.common.QueryParams.blankToNull;
import static dev.mcphybrid.common.QueryParams.instant;
import dev.mcphybrid.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("logs")
@RequestScoped
@Tag(name = "Logs", description = "Log lines of every MCP server and of the gateway")
public class LogsResource {

    @Inject
    LogStore logs;

    /** A log source with how many of its lines are kept. */
    public record Source(String source, long count) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recent log lines, newest first, paged")
    public Page<LogEntry> list(@Parameter(description = "server id, or gateway") @QueryParam("source") String source,
                               @Parameter(description = "minimum level: debug, info, notice, warning, error, critical, alert, emergency")
                               @QueryParam("level") String level,
                               @Parameter(description = "ISO-8601 instant") @QueryParam("since") String since,
                               @Parameter(description = "text in the message, any case") @QueryParam("q") String text,
                               @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return Page.of(logs.search(blankToNull(source), level(level), instant("since", since), text), offset, limit);
    }

    @GET
    @Path("sources")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every log source with its number of kept lines")
    public List<Source> sources() {
        return logs.sources().entrySet().stream().map(e -> new Source(e.getKey(), e.getValue())).toList();
    }

    /** A minimum level from the query, or null for all; shared with the log stream. */
    static LogLevel level(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return LogLevel.of(value).orElseThrow(() -> ProblemException.badRequest("level must be one of "
                + Arrays.stream(LogLevel.values()).map(LogLevel::wireName).toList()));
    }
}
