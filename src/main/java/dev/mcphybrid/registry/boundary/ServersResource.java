package dev.mcphybrid.registry.boundary;

import dev.mcphybrid.common.JsonBodies;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerConnector;
import dev.mcphybrid.registry.ServerRegistration;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerStatus;
import dev.mcphybrid.registry.ServerViews;
import dev.mcphybrid.security.Callers;
import dev.mcphybrid.security.RequiresRole;
import dev.mcphybrid.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("servers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Servers", description = "Downstream MCP servers, their state and their tools")
public class ServersResource {

    @Inject
    ServerRegistry registry;

    @Inject
    ServerConnector connector;

    @Inject
    ServerViews views;

    @Inject
    ServerRegistration registration;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "All servers with their current status, sorted by id")
    public List<ServerStatus> list() {
        return views.withInstances(registry.all().stream().map(ManagedServer::status).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Register a server reached over sse or streamable-http; it is stored and survives restarts",
            description = "Body: the catalogue entry format (id, name, transport, url, auth, healthCheck, tags, enabled). "
                    + "Answers 201 with the server's status (usually CONNECTING); 409 if the id exists; 422 listing every "
                    + "violation, or when the URL points at a forbidden address (link-local, metadata, loopback or private "
                    + "unless allowed).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, example = """
            {"id": "search", "transport": "streamable-http", "url": "https://search.internal/mcp",
             "auth": {"type": "bearer", "secret": "..."}, "tags": ["prod"]}"""))
    @APIResponse(responseCode = "201", description = "registered; connecting in the background")
    public Response register(String body, @Context UriInfo uriInfo) {
        ManagedServer server = registration.register(JsonBodies.object(body), callers.of(security).name());
        return Response.created(uriInfo.getBaseUriBuilder().path("servers").path(server.id()).path("status").build())
                .entity(server.status()).build();
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Remove a server registered at run time (catalogue servers are removed from the file)")
    @APIResponse(responseCode = "204", description = "removed and disconnected")
    public Response unregister(@PathParam("id") String id) {
        registration.unregister(id, callers.of(security).name());
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/status")
    @Operation(summary = "Health, latency, last error and capabilities of one server",
            description = "In a cluster, a server reached over the network also has `instances`: the state each "
                    + "instance sees it in, the same whichever instance answers.")
    public ServerStatus status(@PathParam("id") String id) {
        return views.withInstances(server(id).status());
    }

    @POST
    @Path("{id}/connect")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Connect or reconnect now; answers with the status after the attempt")
    public ServerStatus connect(@PathParam("id") String id) {
        return connector.connect(server(id));
    }

    @DELETE
    @Path("{id}/disconnect")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Close the session; the server stays registered until connected again")
    public ServerStatus disconnect(@PathParam("id") String id) {
        ManagedServer server = server(id);
        connector.disconnect(server);
        return server.status();
    }

    private ManagedServer server(String id) {
        return registry.find(id).orElseThrow(() -> ProblemException.notFound("Server", id));
    }
}
