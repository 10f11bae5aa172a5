package dev.mcphybrid.tools.boundary;

import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.tools.ToolCatalogue;
import dev.mcphybrid.tools.ToolView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/servers/{id}/tools}: served by the tool catalogue, which reads the registry (never the other way). */
@Path("servers/{id}/tools")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Servers")
public class ServerToolsResource {

    @Inject
    ServerRegistry registry;

    @Inject
    ToolCatalogue catalogue;

    @GET
    @Operation(summary = "The tools of one server")
    public List<ToolView> tools(@PathParam("id") String id) {
        return catalogue.ofServer(registry.find(id).orElseThrow(() -> ProblemException.notFound("Server", id)));
    }
}
