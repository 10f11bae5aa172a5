package dev.mcphybrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.registry.CatalogueParser;
import dev.mcphybrid.registry.ServerDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine runs here, so the files are checked for what can be checked without one. */
class DockerFilesTest {

    @Test
    @SuppressWarnings("unchecked")
    void compose_file_parses_and_wires_gateway_postgres_redis_and_example_servers() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("gateway", "postgres", "redis", "everything-http", "everything-sse");

        Map<String, Object> gateway = services.get("gateway");
        assertThat((Map<String, Object>) gateway.get("build")).containsEntry("dockerfile", "docker/Dockerfile");
        Map<String, String> env = (Map<String, String>) gateway.get("environment");
        assertThat(env.get("GATEWAY_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(env.get("GATEWAY_CATALOGUE_PATH")).endsWith("mcp-servers.docker.yml");
        assertThat((Map<String, Object>) gateway.get("depends_on")).containsKeys("postgres", "redis", "everything-http", "everything-sse");
        assertThat((List<String>) gateway.get("ports")).contains("9080:9080");

        assertThat((String) services.get("postgres").get("image")).startsWith("postgres:");
        assertThat((String) services.get("redis").get("image")).startsWith("redis:");
        assertThat(services.get("everything-http").get("entrypoint").toString()).contains("server-everything", "streamableHttp");
        assertThat(services.get("everything-sse").get("entrypoint").toString()).contains("server-everything", "sse");
    }

    @Test
    void compose_catalogue_is_a_valid_catalogue_pointing_at_the_compose_services() throws IOException {
        List<ServerDefinition> servers = new CatalogueParser(name -> "gateway.data.dir".equals(name) ? "/opt/mcp-hybrid/data" : null)
                .parse(Files.readString(Path.of("docker/mcp-servers.docker.yml")), "docker catalogue");
        assertThat(servers).extracting(ServerDefinition::id).containsExactly("everything", "memory", "everything-http", "everything-sse");
        assertThat(servers.get(2).url()).isEqualTo("http://everything-http:3001/mcp");
        assertThat(servers.get(3).url()).isEqualTo("http://everything-sse:3001/sse");
    }

    @Test
    void dockerfile_runs_the_war_on_the_official_open_liberty_image_with_node() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docker/Dockerfile"));
        String runtimeBase = lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow();
        assertThat(runtimeBase).startsWith("FROM icr.io/appcafe/open-liberty:25.0.0.11-");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("/config/apps/mcp-hybrid-server.war"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("liberty/server.xml liberty/jvm.options /config/"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("/usr/local/bin/node"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("RUN ").contains("configure.sh"));
        // the versions the image builds with are the ones the project pins
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<openliberty.version>25.0.0.11</openliberty.version>");
    }
}
