package dev.mcphybrid.registry.boundary;

import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerStatus;
import dev.mcphybrid.tools.ToolCatalogue;
import dev.mcphybrid.tools.ToolView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("servers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Servers", description = "Downstream MCP servers, their state and their tools")
public class ServersResource {

    @Inject
    ServerRegistry registry;

    @Inject
    ToolCatalogue tools;

    @GET
    @Operation(summary = "All servers with their current status, sorted by id")
    public List<ServerStatus> list() {
        return registry.all().stream().map(ManagedServer::status).toList();
    }

    @GET
    @Path("{id}/status")
    @Operation(summary = "Health, latency, last error and capabilities of one server")
    public ServerStatus status(@PathParam("id") String id) {
        return server(id).status();
    }

    @GET
    @Path("{id}/tools")
    @Operation(summary = "The tools of one server")
    public List<ToolView> tools(@PathParam("id") String id) {
        return tools.ofServer(server(id));
    }

    @POST
    @Path("{id}/connect")
    @Operation(summary = "Connect or reconnect now; answers with the status after the attempt")
    public ServerStatus connect(@PathParam("id") String id) {
        return registry.connect(server(id));
    }

    @DELETE
    @Path("{id}/disconnect")
    @Operation(summary = "Close the session; the server stays registered until connected again")
    public ServerStatus disconnect(@PathParam("id") String id) {
        ManagedServer server = server(id);
        registry.disconnect(server);
        return server.status();
    }

    private ManagedServer server(String id) {
        return registry.find(id).orElseThrow(() -> ProblemException.notFound("Server", id));
    }
}
