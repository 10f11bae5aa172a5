package dev.mcphybrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterStartupCheckTest {

    private static final Optional<String> REDIS = Optional.of("redis://redis:6379");
    private static final Optional<String> POSTGRES = Optional.of("jdbc:postgresql://db:5432/gateway");

    @Test
    void a_single_instance_needs_nothing_shared() {
        assertThat(ClusterStartupCheck.problem(false, Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void a_cluster_member_without_the_shared_store_is_told_what_to_set() {
        assertThat(ClusterStartupCheck.problem(true, Optional.empty(), POSTGRES)).contains(ClusterStartupCheck.NO_REDIS);
        assertThat(ClusterStartupCheck.problem(true, Optional.of(" "), POSTGRES)).contains(ClusterStartupCheck.NO_REDIS);
        assertThat(ClusterStartupCheck.NO_REDIS).contains("gateway.cluster.redis.url", "GATEWAY_CLUSTER_REDIS_URL");
    }

    @Test
    void a_cluster_member_on_the_embedded_database_is_refused() {
        assertThat(ClusterStartupCheck.problem(true, REDIS, Optional.of("jdbc:h2:/opt/data/gateway;MODE=PostgreSQL")))
                .contains(ClusterStartupCheck.EMBEDDED_DATABASE);
        assertThat(ClusterStartupCheck.problem(true, REDIS, Optional.empty())).as("Liberty's default is H2")
                .contains(ClusterStartupCheck.EMBEDDED_DATABASE);
        assertThat(ClusterStartupCheck.EMBEDDED_DATABASE).contains("GATEWAY_DB_URL");
    }

    @Test
    void a_cluster_member_on_postgresql_and_redis_starts() {
        assertThat(ClusterStartupCheck.problem(true, REDIS, POSTGRES)).isEmpty();
    }

    @Test
    void the_default_instance_id_is_host_and_port() {
        assertThat(ClusterSettings.defaultInstanceId("gw-7f9c", "9080")).isEqualTo("gw-7f9c:9080");
        assertThat(ClusterSettings.defaultInstanceId("gw-7f9c", null)).isEqualTo("gw-7f9c");
    }
}
