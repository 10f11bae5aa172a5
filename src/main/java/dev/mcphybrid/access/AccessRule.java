package dev.mcphybrid.access;

import dev.mcphybrid.common.Globs;
import dev.mcphybrid.security.Caller;
import dev.mcphybrid.security.Role;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of the access policy. It applies to a caller who holds one of {@code roles} (or a higher role), is in one
 * of {@code groups}, or is one of {@code principals}; a rule naming none of them applies to everyone. It covers the
 * tool ids ({@code serverId.toolName}) matching one of {@code tools} ({@code *} globs).
 */
public record AccessRule(String description, Set<Role> roles, Set<String> groups, Set<String> principals,
                         List<String> tools, boolean allow) {

    public AccessRule {
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
        principals = Set.copyOf(principals);
        tools = List.copyOf(tools);
    }

    boolean appliesTo(Caller caller) {
        if (roles.isEmpty() && groups.isEmpty() && principals.isEmpty()) {
            return true;
        }
        return roles.stream().anyMatch(caller::has) || groups.stream().anyMatch(caller.groups()::contains)
                || principals.contains(caller.name());
    }

    List<Pattern> compiledTools() {
        return tools.stream().map(glob -> Globs.compile(glob, false)).toList();
    }
}
