package dev.mcphybrid.access.boundary;

import dev.mcphybrid.security.Callers;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import dev.mcphybrid.access.AccessPolicies;
import dev.mcphybrid.access.AccessPolicy;
import dev.mcphybrid.access.AccessRule;
import dev.mcphybrid.access.InvalidPolicyException;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.security.RequiresRole;
import dev.mcphybrid.security.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("access-policy")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
@Tag(name = "Access policy", description = "Which callers may call which tools (admins only)")
public class AccessPolicyResource {

    /** A rule as the API shows it; roles in lower case as in tokens. */
    public record RuleView(String description, List<String> roles, List<String> groups, List<String> principals,
                           List<String> tools, boolean allow) {
        static RuleView of(AccessRule rule) {
            return new RuleView(rule.description(), rule.roles().stream().map(Role::groupName).sorted().toList(),
                    rule.groups().stream().sorted().toList(), rule.principals().stream().sorted().toList(), rule.tools(), rule.allow());
        }
    }

    public record PolicyView(String source, List<RuleView> rules) {
        static PolicyView of(AccessPolicy policy) {
            return new PolicyView(policy.source(), policy.rules().stream().map(RuleView::of).toList());
        }
    }

    @Inject
    AccessPolicies policies;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "The access policy in force and where it came from")
    public PolicyView get() {
        return PolicyView.of(policies.current());
    }

    @PUT
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Replace the access policy (YAML or JSON with a rules list); 422 lists every problem",
            description = "The first rule that applies to the caller and covers the tool decides; a call no rule covers is "
                    + "refused; executing always needs the operator role. The policy is written to the policy file; in a cluster, to the database, and every instance takes it at once.")
    public PolicyView replace(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(Problem.of(400, "malformed-body", "Malformed request body", "Send the policy: {\"rules\": [...]}"));
        }
        try {
            return PolicyView.of(policies.replace(body, callers.of(security).name()));
        } catch (InvalidPolicyException e) {
            throw ProblemException.unprocessable("The access policy is not valid", Map.of("violations", e.problems()));
        } catch (IOException e) {
            throw new ProblemException(Problem.of(500, "policy-not-saved", "Policy not saved",
                    "The policy is valid but could not be written: " + e.getMessage()));
        } catch (jakarta.persistence.PersistenceException | jakarta.transaction.TransactionalException e) {
            // a cluster keeps its policy in the database
            throw new ProblemException(Problem.of(503, "database-unavailable", "Database unavailable",
                    "The policy is valid but the database did not store it; nothing was changed. Try again later."), 5L);
        }
    }
}
