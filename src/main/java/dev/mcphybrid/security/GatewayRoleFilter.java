package dev.mcphybrid.security;

import dev.mcphybrid.problem.ErrorPageServlet;
import dev.mcphybrid.problem.Problem;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lets through only callers with one of the gateway's roles. The container checks the token (web.xml asks for a
 * signed-in caller); which roles a token gives is the gateway's own mapping of a claim ({@link RoleMapping}), which
 * the container cannot apply, so the refusal of a valid token without a role is made here: 403 problem+json.
 * CORS preflight requests carry no token and pass; Liberty's cors element answers them.
 */
public class GatewayRoleFilter extends HttpFilter {

    private Callers callers;

    @Override
    public void init() {
        // web.xml is metadata-complete, so the container injects nothing into its filters: look the bean up
        callers = CDI.current().select(Callers.class).get();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!"OPTIONS".equals(request.getMethod())) {
            Caller caller = callers.of(request.getUserPrincipal(), request::isUserInRole);
            if (caller.highestRole() == null) {
                ErrorPageServlet.write(response, Problem.of(403, "forbidden", "Forbidden",
                        "The token has none of the gateway's roles (viewer, operator, admin)"
                                + (callers.roleMapping().isIdentity() ? " in its " + callers.roleMapping().claim() + " claim"
                                        : "; they come from its " + callers.roleMapping().claim() + " claim"))
                        .withInstance(request.getRequestURI()));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
