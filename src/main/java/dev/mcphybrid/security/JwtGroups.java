package dev.mcphybrid.security;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The groups claim of a JWT principal. Kept apart from {@link Callers} because the JWT API is only on the class
 * path when the mpJwt feature is on; with auth off this class is never loaded.
 */
final class JwtGroups {

    private JwtGroups() {
    }

    /** The token's groups (empty when it has none), or nothing when the principal is not a JWT at all. */
    static Optional<Set<String>> of(Principal principal) {
        if (principal instanceof JsonWebToken jwt) {
            return Optional.of(jwt.getGroups() == null ? Set.of() : jwt.getGroups());
        }
        return Optional.empty();
    }
}
