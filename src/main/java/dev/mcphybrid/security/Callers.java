package dev.mcphybrid.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Principal;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Inject;

/** Turns the container's authenticated principal into a {@link Caller}, or the anonymous admin when auth is off. */
@ApplicationScoped
public class Callers {

    @Inject
    @ConfigProperty(name = AuthMode.PROPERTY)
    String authSetting;

    @Inject
    @ConfigProperty(name = OAuthSettings.ROLES_CLAIM)
    String rolesClaim;

    @Inject
    @ConfigProperty(name = OAuthSettings.ROLES)
    Optional<String> roleMapping;

    private AuthMode mode;
    private RoleMapping roles;

    @PostConstruct
    void init() {
        mode = AuthMode.parse(authSetting);
        roles = RoleMapping.parse(rolesClaim, roleMapping.orElse(""));
    }

    public AuthMode mode() {
        return mode;
    }

    /** How a token's claim becomes roles. */
    public RoleMapping roleMapping() {
        return roles;
    }

    /**
     * @param principal the authenticated principal, {@code null} when there is none
     * @param inRole    the container's role check, used when the principal is not a JWT
     */
    public Caller of(Principal principal, Predicate<String> inRole) {
        if (mode == AuthMode.OFF) {
            return Caller.anonymousAdmin();
        }
        if (principal == null) {
            return new Caller(Caller.ANONYMOUS, Set.of());
        }
        // a JWT's roles come from its roles claim through the configured mapping (gateway.oauth.roles-claim and
        // gateway.oauth.roles); the container only knows that the caller is signed in (web.xml, auth-jwt.xml)
        Optional<Set<String>> jwtGroups = JwtGroups.of(principal, roles);
        if (jwtGroups.isPresent()) {
            return new Caller(principal.getName(), jwtGroups.get());
        }
        Set<String> groups = new HashSet<>();
        for (Role role : Role.values()) {
            if (inRole.test(role.groupName())) {
                groups.add(role.groupName());
            }
        }
        return new Caller(principal.getName(), groups);
    }

    public Caller of(jakarta.ws.rs.core.SecurityContext security) {
        return of(security == null ? null : security.getUserPrincipal(), role -> security != null && security.isUserInRole(role));
    }
}
