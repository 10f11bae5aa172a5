package dev.mcphybrid.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which values of which token claim give the gateway's roles ({@code gateway.oauth.roles-claim},
 * {@code gateway.oauth.roles}). Issuers put roles in different places: a {@code groups} array (the MicroProfile JWT
 * default, Okta), {@code roles} (Entra ID app roles), {@code realm_access.roles} (Keycloak), a namespaced claim or
 * {@code permissions} (Auth0), or the space-separated {@code scope} string of an OAuth access token. The claim may be
 * a dotted path into nested objects; its value may be an array or a space-separated string.
 *
 * <p>Without a mapping a value is the role of the same name ({@code admin} is admin). With one, only the mapped
 * values give roles: a token whose scope happens to say {@code admin} gets nothing from it. Every other value is kept
 * as a group for the access policy ({@code groups:} rules).
 */
public final class RoleMapping {

    public static final String DEFAULT_CLAIM = "groups";

    private final String claim;
    private final List<String> path;
    /** claim value -> the roles it gives; empty = each role's own name. */
    private final Map<String, Set<String>> valueToRoles;

    private RoleMapping(String claim, Map<String, Set<String>> valueToRoles) {
        this.claim = claim;
        this.path = List.of(claim.split("\\."));
        this.valueToRoles = valueToRoles;
    }

    /**
     * @param claim   the claim, or a dotted path such as {@code realm_access.roles}
     * @param mapping {@code role=value} pairs separated by commas, e.g. {@code viewer=mcp:read,operator=mcp:call,admin=mcp:admin};
     *                a role may appear more than once; empty = each role's own name
     * @throws IllegalArgumentException for an unknown role or a pair without a value
     */
    public static RoleMapping parse(String claim, String mapping) {
        String name = claim == null ? "" : claim.trim();
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException(OAuthSettings.ROLES_CLAIM + " must name a claim (or a dotted path): '" + claim + "'");
        }
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (String pair : mapping == null ? new String[0] : mapping.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String role = eq < 0 ? "" : pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (value.isEmpty() || !isRole(role)) {
                throw new IllegalArgumentException(OAuthSettings.ROLES + " takes role=value pairs with a role of viewer, operator "
                        + "or admin and a claim value: '" + pair.trim() + "'");
            }
            values.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(role);
        }
        values.replaceAll((value, roles) -> Set.copyOf(roles));
        return new RoleMapping(name, Map.copyOf(values));
    }

    public String claim() {
        return claim;
    }

    /** The claim's path: one element for a top-level claim. */
    public List<String> path() {
        return path;
    }

    public boolean isIdentity() {
        return valueToRoles.isEmpty();
    }

    /**
     * The caller's groups from the claim's values: the roles they map to, and every value that is not a role name.
     *
     * @param values the claim's values (an array's members, or a space-separated string already split)
     */
    public Set<String> groups(Collection<String> values) {
        Set<String> groups = new LinkedHashSet<>();
        for (String value : values) {
            if (isIdentity()) {
                groups.add(value);
                continue;
            }
            groups.addAll(valueToRoles.getOrDefault(value, Set.of()));
            if (!isRole(value)) {
                groups.add(value);
            }
        }
        return groups;
    }

    private static boolean isRole(String name) {
        for (Role role : Role.values()) {
            if (role.groupName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return isIdentity() ? "roles from claim " + claim : "roles from claim " + claim + " " + valueToRoles;
    }
}
