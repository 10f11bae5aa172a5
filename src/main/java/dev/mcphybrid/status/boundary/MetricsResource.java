package dev.mcphybrid.status.boundary;

import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.status.GatewayMetrics;
import dev.mcphybrid.status.MetricsReport;
import dev.mcphybrid.status.StatusWindow;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("metrics")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status", description = "The gateway's overall health and the memory server")
public class MetricsResource {

    @Inject
    MetricsReport report;

    @GET
    @Operation(summary = "The gateway's figures as JSON for a dashboard (Prometheus text is at /metrics)",
            description = "Per server (state, latency, calls, errors, p50/p95 ms) and per tool (calls, errors, error rate, "
                    + "p50/p95 ms) over the window, from in-memory figures kept since the gateway started; the percentiles "
                    + "are over the latest 512 calls of each series that fall in the window. Also events (clients, "
                    + "dropped, published), audit (buffer depth, spooled files, written), result cache and rate-limit "
                    + "refusals.")
    public GatewayMetrics metrics(@Parameter(description = "5m, 1h or 24h; default 1h") @QueryParam("window") String window) {
        StatusWindow parsed;
        try {
            parsed = window == null ? StatusWindow.ONE_HOUR : StatusWindow.parse(window);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        return report.metrics(parsed);
    }
}
