package dev.mcphybrid.security.boundary;

import dev.mcphybrid.security.Caller;
import dev.mcphybrid.security.Callers;
import dev.mcphybrid.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the gateway takes the caller for: the console shows it, and hides what the role may not do. */
@Path("me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Security", description = "The signed-in caller")
public class CallerResource {

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    /**
     * @param name  the principal the audit log records
     * @param role  the highest of the gateway's roles held
     * @param roles every role held, its own and those it includes
     * @param groups the token's groups, as the access policy sees them
     */
    public record Me(String name, String role, List<String> roles, List<String> groups) {
    }

    @GET
    @Operation(summary = "The caller's principal, its gateway roles (from the token's roles claim through gateway.oauth.roles) and groups")
    public Me me() {
        Caller caller = callers.of(security);
        List<String> roles = new ArrayList<>();
        for (Role role : Role.values()) {
            if (caller.has(role)) {
                roles.add(role.groupName());
            }
        }
        Role highest = caller.highestRole();
        return new Me(caller.name(), highest == null ? null : highest.groupName(), roles, List.copyOf(new TreeSet<>(caller.groups())));
    }
}
