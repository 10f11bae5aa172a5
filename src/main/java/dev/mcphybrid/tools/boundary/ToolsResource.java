package dev.mcphybrid.tools.boundary;

import dev.mcphybrid.common.Page;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.tools.CategoryCount;
import dev.mcphybrid.tools.ToolCatalogue;
import dev.mcphybrid.tools.ToolView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("tools")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tools", description = "The aggregated tool catalogue of all connected servers")
public class ToolsResource {

    @Inject
    ToolCatalogue catalogue;

    @GET
    @Operation(summary = "All tools of all connected servers, sorted by id, paged")
    public Page<ToolView> list(
            @Parameter(description = "only tools of this server id") @QueryParam("server") String server,
            @Parameter(description = "only tools in this category (see /api/tools/categories)") @QueryParam("category") String category,
            @Parameter(description = "case-insensitive text in id, title or description") @QueryParam("q") String text,
            @Parameter(description = "items to skip, default 0") @QueryParam("offset") String offset,
            @Parameter(description = "page size 1-500, default 100") @QueryParam("limit") String limit) {
        return Page.of(catalogue.search(server, category, text), offset, limit);
    }

    @GET
    @Path("categories")
    @Operation(summary = "Tool categories with counts",
            description = "A tool's categories come from three sources (kind): 'tag' = each tag of its server in the "
                    + "catalogue; 'hint' = its MCP annotations (read-only, destructive, idempotent, open-world); "
                    + "'prefix' = the word before the first '_' or '-' of its name when two or more tools of the same "
                    + "server share it (e.g. get for get-sum and get-env).")
    public List<CategoryCount> categories() {
        return catalogue.categories();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One tool with its input schema and annotations; id is serverId.toolName")
    public ToolView get(@PathParam("id") String id) {
        return catalogue.find(id).orElseThrow(() -> ProblemException.notFound("Tool", id));
    }
}
