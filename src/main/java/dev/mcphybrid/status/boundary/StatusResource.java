package dev.mcphybrid.status.boundary;

import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.status.GatewayStatus;
import dev.mcphybrid.status.MemoryServerDetails;
import dev.mcphybrid.status.StatusReport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("status")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status", description = "The gateway's overall health and the memory server")
public class StatusResource {

    @Inject
    StatusReport report;

    @GET
    @Operation(summary = "Overall health with its reasons, servers by state, active tools, recent executions, uptime, "
            + "version, auth mode, event clients and the memory server",
            description = "status is UNHEALTHY when the database is not migrated or not reachable, or when enabled servers "
                    + "are configured and none of them is HEALTHY or DEGRADED; otherwise DEGRADED when an enabled server is "
                    + "not HEALTHY, when the error rate (ERROR and TIMEOUT calls / all calls) of the last 5 minutes is above "
                    + "gateway.status.degraded-error-rate (default 0.25) once there were gateway.status.degraded-min-calls "
                    + "(default 10) calls, or when audit records are spooling to disk; otherwise HEALTHY. reasons lists "
                    + "every cause found. executions has the windows 5m, 1h and 24h, counted in memory per minute (per "
                    + "hour for 24h) since the gateway started.")
    public GatewayStatus status() {
        return report.status();
    }

    @GET
    @Path("memory-server")
    @Operation(summary = "The memory server (gateway.memory.server-id, default memory): its status and handshake, its "
            + "tools, and what the gateway has stored in it")
    @APIResponse(responseCode = "404", description = "no server with that id is configured")
    public MemoryServerDetails memoryServer() {
        return report.memoryServer().orElseThrow(() -> new ProblemException(Problem.of(404, "not-found",
                "Memory server not configured", "No server '" + report.memoryServerId()
                        + "' is configured; gateway.memory.server-id names the memory server")));
    }
}
