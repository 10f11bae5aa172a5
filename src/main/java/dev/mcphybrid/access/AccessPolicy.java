package dev.mcphybrid.access;

import dev.mcphybrid.security.Caller;
import dev.mcphybrid.security.Role;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which callers may call which tools. Executing needs the operator role at least; then the first rule that applies
 * to the caller and covers the tool decides, and a call no rule covers is refused.
 */
public final class AccessPolicy {

    /** What applies without a policy file: operators and admins may call every tool. */
    public static final AccessPolicy DEFAULT = new AccessPolicy(List.of(
            new AccessRule("operators and admins may call every tool", Set.of(Role.OPERATOR), Set.of(), Set.of(), List.of("*"), true)),
            "built-in default");

    private final List<AccessRule> rules;
    private final List<List<Pattern>> patterns;
    private final String source;

    public AccessPolicy(List<AccessRule> rules, String source) {
        this.rules = List.copyOf(rules);
        this.patterns = this.rules.stream().map(AccessRule::compiledTools).toList();
        this.source = source;
    }

    public AccessDecision decide(Caller caller, String toolId) {
        if (!caller.has(Role.OPERATOR)) {
            return AccessDecision.deny("calling tools needs the operator role; " + caller.name() + " has "
                    + (caller.highestRole() == null ? "no gateway role" : "only " + caller.highestRole().groupName()));
        }
        for (int i = 0; i < rules.size(); i++) {
            AccessRule rule = rules.get(i);
            if (rule.appliesTo(caller) && patterns.get(i).stream().anyMatch(p -> p.matcher(toolId).matches())) {
                return rule.allow() ? AccessDecision.allow() : AccessDecision.deny("rule " + (i + 1)
                        + (rule.description() == null ? "" : " (" + rule.description() + ")") + " of the access policy denies "
                        + toolId + " to " + caller.name());
            }
        }
        return AccessDecision.deny("no rule of the access policy allows " + toolId + " to " + caller.name());
    }

    public List<AccessRule> rules() {
        return rules;
    }

    public String source() {
        return source;
    }
}
