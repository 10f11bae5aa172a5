package dev.mcphybrid.access;

import dev.mcphybrid.common.SafeYaml;
import dev.mcphybrid.security.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an access policy from YAML (JSON is YAML too):
 * <pre>
 * rules:
 *   - description: nobody writes files through the gateway
 *     tools: ["filesystem.write_*", "filesystem.edit_*"]
 *     allow: false
 *   - roles: [operator]          # or groups: [...], principals: [...]
 *     tools: ["*"]
 *     allow: true
 * </pre>
 */
public final class AccessPolicyParser {

    private static final Set<String> RULE_FIELDS = Set.of("description", "roles", "groups", "principals", "tools", "allow");

    private AccessPolicyParser() {
    }

    /** @throws InvalidPolicyException listing every problem */
    public static AccessPolicy parse(String yaml, String source) {
        Object document;
        try {
            document = SafeYaml.load(yaml);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(List.of(e.getMessage()));
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("rules") instanceof List<?> entries)) {
            throw new InvalidPolicyException(List.of("expected a top-level 'rules:' list"));
        }
        List<String> errors = new ArrayList<>();
        root.keySet().stream().map(String::valueOf).filter(k -> !k.equals("rules"))
                .forEach(k -> errors.add(k + ": unknown top-level field (allowed: rules)"));
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            AccessRule rule = rule(entries.get(i), "rules[" + i + "]", errors);
            if (rule != null) {
                rules.add(rule);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new AccessPolicy(rules, source);
    }

    private static AccessRule rule(Object entry, String path, List<String> errors) {
        if (!(entry instanceof Map<?, ?> map)) {
            errors.add(path + ": must be an object with tools and allow");
            return null;
        }
        map.keySet().stream().map(String::valueOf).filter(k -> !RULE_FIELDS.contains(k))
                .forEach(k -> errors.add(path + "." + k + ": unknown field (allowed: " + String.join(", ", RULE_FIELDS.stream().sorted().toList()) + ")"));
        Set<Role> roles = new LinkedHashSet<>();
        for (String name : strings(map.get("roles"), path + ".roles", errors)) {
            try {
                roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(path + ".roles: unknown role '" + name + "' (roles: viewer, operator, admin)");
            }
        }
        List<String> tools = strings(map.get("tools"), path + ".tools", errors);
        if (tools.isEmpty()) {
            errors.add(path + ".tools: required, a list of tool id patterns such as \"everything.*\"");
        }
        Object allow = map.get("allow");
        if (!(allow instanceof Boolean)) {
            errors.add(path + ".allow: required, true or false");
        }
        Object description = map.get("description");
        return new AccessRule(description == null ? null : String.valueOf(description), roles,
                new LinkedHashSet<>(strings(map.get("groups"), path + ".groups", errors)),
                new LinkedHashSet<>(strings(map.get("principals"), path + ".principals", errors)),
                tools, Boolean.TRUE.equals(allow));
    }

    private static List<String> strings(Object value, String path, List<String> errors) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof String s && !s.isBlank())) {
            return list.stream().map(String::valueOf).toList();
        }
        errors.add(path + ": must be a list of non-empty strings");
        return List.of();
    }
}
