package dev.mcphybrid.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's groups from a JWT principal's roles claim ({@link RoleMapping}). Kept apart from {@link Callers}
 * because the JWT API is only on the class path when the mpJwt feature is on; with auth off this class is never loaded.
 */
final class JwtGroups {

    private JwtGroups() {
    }

    /** The token's groups (empty when it has none), or nothing when the principal is not a JWT at all. */
    static Optional<Set<String>> of(Principal principal, RoleMapping mapping) {
        if (principal instanceof JsonWebToken jwt) {
            List<String> path = mapping.path();
            Object value = path.size() == 1 && path.get(0).equals("groups") ? jwt.getGroups() : jwt.getClaim(path.get(0));
            for (int i = 1; i < path.size() && value != null; i++) {
                value = member(value, path.get(i));
            }
            return Optional.of(mapping.groups(values(value)));
        }
        return Optional.empty();
    }

    /** A claim's values: an array's strings, or the words of a string (OAuth's {@code scope} is space-separated). */
    static List<String> values(Object value) {
        List<String> values = new ArrayList<>();
        if (value instanceof JsonString text) {
            value = text.getString();
        }
        if (value instanceof String text) {
            for (String word : text.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    values.add(word);
                }
            }
        } else if (value instanceof JsonArray array) {
            for (JsonValue member : array) {
                if (member instanceof JsonString text) {
                    values.add(text.getString());
                }
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object member : collection) {
                if (member instanceof String || member instanceof JsonString) {
                    values.add(member instanceof JsonString text ? text.getString() : (String) member);
                }
            }
        }
        return values;
    }

    private static Object member(Object value, String name) {
        if (value instanceof JsonObject object) {
            return object.get(name);
        }
        if (value instanceof Map<?, ?> map) {
            return map.get(name);
        }
        return null;
    }
}
