package dev.mcphybrid;

import dev.mcphybrid.access.boundary.AccessPolicyResource;
import dev.mcphybrid.audit.boundary.ExecutionsResource;
import dev.mcphybrid.execution.boundary.ExecuteResource;
import dev.mcphybrid.execution.boundary.ExecutionFailureMapper;
import dev.mcphybrid.logs.boundary.LogsResource;
import dev.mcphybrid.problem.ProblemExceptionMapper;
import dev.mcphybrid.problem.UnhandledExceptionMapper;
import dev.mcphybrid.problem.WebApplicationExceptionMapper;
import dev.mcphybrid.registry.boundary.ServersResource;
import dev.mcphybrid.security.RoleCheck;
import dev.mcphybrid.security.boundary.CallerResource;
import dev.mcphybrid.status.boundary.MetricsResource;
import dev.mcphybrid.status.boundary.StatusResource;
import dev.mcphybrid.tools.boundary.ServerToolsResource;
import dev.mcphybrid.tools.boundary.ToolsResource;
import dev.mcphybrid.workflow.boundary.WorkflowRunsResource;
import dev.mcphybrid.workflow.boundary.WorkflowsResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

/** The REST API lives under /api; health, metrics and OpenAPI are served by Liberty at the root. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(
        title = "mcp-hybrid-server",
        version = "0.1.0",
        description = "Gateway in front of many MCP servers: registry, tool catalogue, execution, audit and live events. "
                + "Every error is an RFC 9457 application/problem+json document.",
        license = @License(name = "Apache-2.0")))
public class GatewayApplication extends Application {

    /**
     * The REST components, listed because web.xml is metadata-complete (see there why): nothing under /api is
     * found by scanning, so a new resource or provider must be added here (ArchitectureTest fails the build when one
     * is missing). The event and log streams are servlets
     * of their own (web.xml), documented in META-INF/openapi.yaml.
     */
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                ServersResource.class,
                ToolsResource.class,
                ServerToolsResource.class,
                ExecuteResource.class,
                ExecutionsResource.class,
                LogsResource.class,
                AccessPolicyResource.class,
                StatusResource.class,
                MetricsResource.class,
                WorkflowsResource.class,
                WorkflowRunsResource.class,
                CallerResource.class,
                RoleCheck.class,
                ProblemExceptionMapper.class,
                ExecutionFailureMapper.class,
                WebApplicationExceptionMapper.class,
                UnhandledExceptionMapper.class);
    }
}
