package dev.mcphybrid.security;

import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/** Refuses a request with 403 problem+json when the caller lacks the {@link RequiresRole} of the method. */
@Provider
public class RoleCheck implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    Callers callers;

    @Override
    public void filter(ContainerRequestContext request) {
        Role needed = needed(resource.getResourceMethod(), resource.getResourceClass());
        if (needed == null) {
            return;
        }
        Caller caller = callers.of(request.getSecurityContext());
        if (!caller.has(needed)) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "This needs the " + needed.groupName()
                    + " role; " + caller.name() + " has " + (caller.highestRole() == null ? "no gateway role" : caller.highestRole().groupName())));
        }
    }

    static Role needed(Method method, Class<?> type) {
        RequiresRole onMethod = method == null ? null : method.getAnnotation(RequiresRole.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        RequiresRole onType = type == null ? null : type.getAnnotation(RequiresRole.class);
        return onType == null ? null : onType.value();
    }
}
