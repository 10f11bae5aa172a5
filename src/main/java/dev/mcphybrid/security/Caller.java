package dev.mcphybrid.security;

import java.util.Set;

/** Who is calling: the token's principal name and its groups (roles and any other groups the issuer put there). */
public record Caller(String name, Set<String> groups) {

    public static final String ANONYMOUS = "anonymous";

    public Caller {
        groups = Set.copyOf(groups);
    }

    /** The caller when authentication is off: anonymous, with every role. */
    public static Caller anonymousAdmin() {
        return new Caller(ANONYMOUS, Set.of(Role.ADMIN.groupName()));
    }

    /** Whether the caller holds {@code role} or a higher one. */
    public boolean has(Role role) {
        for (Role held : Role.values()) {
            if (held.compareTo(role) >= 0 && groups.contains(held.groupName())) {
                return true;
            }
        }
        return false;
    }

    /** The highest role held, or {@code null}. */
    public Role highestRole() {
        Role[] roles = Role.values();
        for (int i = roles.length - 1; i >= 0; i--) {
            if (groups.contains(roles[i].groupName())) {
                return roles[i];
            }
        }
        return null;
    }
}
