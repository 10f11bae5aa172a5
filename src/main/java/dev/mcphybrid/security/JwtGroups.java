package dev.mcphybrid.security;

import java.security.Principal;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The groups claim of a JWT principal. Kept apart from {@link Callers} because the JWT API is only on the class
 * path when the mpJwt feature is on; with auth off this class is never loaded.
 */
final class JwtGroups {

    private JwtGroups() {
    }

    static Set<String> of(Principal principal) {
        return principal instanceof JsonWebToken jwt && jwt.getGroups() != null ? jwt.getGroups() : Set.of();
    }
}
