package dev.mcphybrid.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.security.Caller;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final AccessPolicy POLICY = AccessPolicyParser.parse("""
            rules:
              - description: nobody writes files
                tools: ["filesystem.write_*"]
                allow: false
              - roles: [operator]
                tools: ["everything.*", "filesystem.*"]
                allow: true
              - groups: [data-team]
                tools: ["memory.*"]
                allow: true
              - principals: [alice]
                tools: ["billing.refund"]
                allow: true
            """, "test");

    @Test
    void executingNeedsTheOperatorRoleWhateverThePolicySays() {
        AccessDecision decision = POLICY.decide(caller("bob", "viewer", "data-team"), "memory.read_graph");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("operator role").contains("only viewer");
        assertThat(POLICY.decide(caller("nobody"), "everything.echo").reason()).contains("no gateway role");
    }

    @Test
    void theFirstRuleThatAppliesDecides() {
        assertThat(POLICY.decide(caller("ops", "operator"), "everything.echo").allowed()).isTrue();
        AccessDecision write = POLICY.decide(caller("root", "admin"), "filesystem.write_file");
        assertThat(write.allowed()).isFalse();
        assertThat(write.reason()).contains("rule 1 (nobody writes files)").contains("filesystem.write_file").contains("root");
        assertThat(POLICY.decide(caller("ops", "operator"), "filesystem.read_file").allowed()).isTrue();
    }

    @Test
    void rolesIncludeLowerRolesAndGroupsAndPrincipalsMatchExactly() {
        assertThat(POLICY.decide(caller("root", "admin"), "everything.echo").allowed()).isTrue();
        assertThat(POLICY.decide(caller("ana", "operator", "data-team"), "memory.read_graph").allowed()).isTrue();
        assertThat(POLICY.decide(caller("alice", "operator"), "billing.refund").allowed()).isTrue();
        AccessDecision other = POLICY.decide(caller("mallory", "operator"), "billing.refund");
        assertThat(other.allowed()).isFalse();
        assertThat(other.reason()).isEqualTo("no rule of the access policy allows billing.refund to mallory");
    }

    @Test
    void theDefaultLetsOperatorsCallEverything() {
        assertThat(AccessPolicy.DEFAULT.decide(caller("ops", "operator"), "any.tool").allowed()).isTrue();
        assertThat(AccessPolicy.DEFAULT.decide(caller("v", "viewer"), "any.tool").allowed()).isFalse();
    }

    @Test
    void everyProblemOfABadPolicyIsListed() {
        assertThatThrownBy(() -> AccessPolicyParser.parse("""
                rules:
                  - roles: [root]
                    tools: []
                    allow: maybe
                  - tools: "x.*"
                    groups: [1]
                    allow: true
                    extra: 1
                version: 2
                """, "test"))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "version: unknown top-level field (allowed: rules)",
                        "rules[0].roles: unknown role 'root' (roles: viewer, operator, admin)",
                        "rules[0].tools: required, a list of tool id patterns such as \"everything.*\"",
                        "rules[0].allow: required, true or false",
                        "rules[1].extra: unknown field (allowed: allow, description, groups, principals, roles, tools)",
                        "rules[1].groups: must be a list of non-empty strings"));
        assertThatThrownBy(() -> AccessPolicyParser.parse("[1, 2", "test")).isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("not valid YAML");
        assertThatThrownBy(() -> AccessPolicyParser.parse("servers: []", "test")).hasMessage("expected a top-level 'rules:' list");
    }

    private static Caller caller(String name, String... groups) {
        return new Caller(name, Set.of(groups));
    }
}
