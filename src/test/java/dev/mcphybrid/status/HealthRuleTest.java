package dev.mcphybrid.status;

import static dev.mcphybrid.registry.ServerState.CONNECTING;
import static dev.mcphybrid.registry.ServerState.DEGRADED;
import static dev.mcphybrid.registry.ServerState.DISCONNECTED;
import static dev.mcphybrid.registry.ServerState.HEALTHY;
import static dev.mcphybrid.registry.ServerState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.registry.ServerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthRuleTest {

    private final HealthRule rule = new HealthRule(0.25, 10);

    @Test
    void healthy_when_the_database_is_fine_every_enabled_server_is_healthy_and_calls_succeed() {
        HealthRule.Verdict verdict = rule.evaluate(facts(null, List.of(server("a", HEALTHY), server("b", HEALTHY)),
                WindowCounts.of(100, 25, 3), null));
        assertThat(verdict.status()).isEqualTo(OverallHealth.HEALTHY);
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void no_servers_at_all_is_healthy_and_disabled_servers_do_not_count() {
        assertThat(rule.evaluate(facts(null, List.of(), WindowCounts.NONE, null)).status()).isEqualTo(OverallHealth.HEALTHY);
        HealthRule.ServerHealth disabled = new HealthRule.ServerHealth("off", false, DISCONNECTED, null);
        assertThat(rule.evaluate(facts(null, List.of(disabled), WindowCounts.NONE, null)).status()).isEqualTo(OverallHealth.HEALTHY);
        assertThat(rule.evaluate(facts(null, List.of(disabled, server("a", HEALTHY)), WindowCounts.NONE, null)).status())
                .isEqualTo(OverallHealth.HEALTHY);
    }

    @Test
    void unhealthy_when_the_database_is_not_usable() {
        HealthRule.Verdict verdict = rule.evaluate(facts("unreachable: Connection refused", List.of(server("a", HEALTHY)),
                WindowCounts.NONE, null));
        assertThat(verdict.status()).isEqualTo(OverallHealth.UNHEALTHY);
        assertThat(verdict.reasons()).containsExactly("database unreachable: Connection refused");
    }

    @Test
    void unhealthy_when_no_enabled_server_is_up_listing_each_server_too() {
        HealthRule.Verdict verdict = rule.evaluate(facts(null,
                List.of(new HealthRule.ServerHealth("a", true, UNHEALTHY, "process exited"), server("b", CONNECTING)),
                WindowCounts.NONE, null));
        assertThat(verdict.status()).isEqualTo(OverallHealth.UNHEALTHY);
        assertThat(verdict.reasons()).containsExactly("none of the 2 enabled servers is HEALTHY or DEGRADED",
                "server a is UNHEALTHY: process exited", "server b is CONNECTING");
    }

    @Test
    void one_degraded_server_keeps_the_gateway_out_of_unhealthy() {
        HealthRule.Verdict verdict = rule.evaluate(facts(null, List.of(server("a", DEGRADED), server("b", UNHEALTHY)),
                WindowCounts.NONE, null));
        assertThat(verdict.status()).isEqualTo(OverallHealth.DEGRADED);
        assertThat(verdict.reasons()).containsExactly("server a is DEGRADED", "server b is UNHEALTHY");
    }

    @Test
    void a_disconnected_enabled_server_degrades() {
        assertThat(rule.evaluate(facts(null, List.of(server("a", HEALTHY), server("b", DISCONNECTED)), WindowCounts.NONE, null))
                .reasons()).containsExactly("server b is DISCONNECTED");
    }

    @Test
    void degraded_above_the_error_rate_but_only_with_enough_calls() {
        assertThat(rule.evaluate(facts(null, List.of(), WindowCounts.of(10, 3, 0), null)).reasons())
                .containsExactly("error rate of the last 5 minutes is 0.30 (3 of 10 calls), above 0.25");
        assertThat(rule.evaluate(facts(null, List.of(), WindowCounts.of(100, 25, 0), null)).status())
                .as("at the threshold is not above it").isEqualTo(OverallHealth.HEALTHY);
        assertThat(rule.evaluate(facts(null, List.of(), WindowCounts.of(9, 9, 0), null)).status())
                .as("fewer calls than the minimum").isEqualTo(OverallHealth.HEALTHY);
        assertThat(new HealthRule(0.25, 0).evaluate(facts(null, List.of(), WindowCounts.NONE, null)).status())
                .as("no calls never degrades").isEqualTo(OverallHealth.HEALTHY);
    }

    @Test
    void degraded_while_audit_records_spool_to_disk() {
        HealthRule.Verdict verdict = rule.evaluate(facts(null, List.of(server("a", HEALTHY)), WindowCounts.NONE,
                "2 batches waiting, Connection refused"));
        assertThat(verdict.status()).isEqualTo(OverallHealth.DEGRADED);
        assertThat(verdict.reasons()).containsExactly("audit records are spooling to disk: 2 batches waiting, Connection refused");
    }

    @Test
    void degraded_while_this_member_cannot_reach_the_cluster_store() {
        HealthRule.Verdict verdict = rule.evaluate(new HealthRule.Facts(null, List.of(server("a", HEALTHY)), WindowCounts.NONE,
                null, "store redis:6379 does not answer"));
        assertThat(verdict.status()).isEqualTo(OverallHealth.DEGRADED);
        assertThat(verdict.reasons()).containsExactly("cluster store redis:6379 does not answer");
    }

    @Test
    void unhealthy_reasons_come_before_degraded_ones() {
        HealthRule.Verdict verdict = rule.evaluate(facts("not migrated: boom", List.of(server("a", DEGRADED)),
                WindowCounts.of(10, 10, 0), "1 batches waiting"));
        assertThat(verdict.status()).isEqualTo(OverallHealth.UNHEALTHY);
        assertThat(verdict.reasons()).hasSize(4).first().isEqualTo("database not migrated: boom");
    }

    private static HealthRule.ServerHealth server(String id, ServerState state) {
        return new HealthRule.ServerHealth(id, true, state, null);
    }

    private static HealthRule.Facts facts(String database, List<HealthRule.ServerHealth> servers, WindowCounts recent, String spooling) {
        return new HealthRule.Facts(database, servers, recent, spooling, null);
    }
}
