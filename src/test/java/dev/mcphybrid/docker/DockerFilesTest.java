package dev.mcphybrid.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.registry.CatalogueParser;
import dev.mcphybrid.registry.ServerDefinition;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine runs here, so the files are checked for what can be checked without one. */
class DockerFilesTest {

    @Test
    @SuppressWarnings("unchecked")
    void compose_file_parses_and_wires_two_gateway_replicas_behind_haproxy_with_postgres_redis_and_example_servers() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("gateway-lb", "gateway-1", "gateway-2", "postgres", "redis", "everything-http",
                "everything-sse", "prometheus", "grafana");

        for (String replica : List.of("gateway-1", "gateway-2")) {
            Map<String, Object> gateway = services.get(replica);
            assertThat((Map<String, Object>) gateway.get("build")).as(replica).containsEntry("dockerfile", "docker/Dockerfile");
            assertThat(gateway.get("image")).as(replica).isEqualTo("mcp-hybrid-server:latest");
            Map<String, String> env = (Map<String, String>) gateway.get("environment");
            assertThat(env.get("GATEWAY_DB_URL")).as(replica).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(env.get("GATEWAY_CATALOGUE_PATH")).endsWith("mcp-servers.docker.yml");
            assertThat(env).containsEntry("GATEWAY_CLUSTER_ENABLED", "true").containsEntry("GATEWAY_CLUSTER_REDIS_URL", "redis://redis:6379")
                    .containsEntry("GATEWAY_INSTANCE_ID", replica);
            // one key pair for both replicas, so a token is good on either
            assertThat(env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION")).isEqualTo("file:" + env.get("GATEWAY_AUTH_DEV_KEY_DIR") + "/dev-jwt-public.pem");
            assertThat((List<String>) gateway.get("volumes")).contains("jwt-keys:" + env.get("GATEWAY_AUTH_DEV_KEY_DIR"),
                    replica + "-data:/opt/mcp-hybrid/data");
            assertThat((Map<String, Object>) gateway.get("depends_on")).as(replica).containsKeys("postgres", "redis");
            assertThat(gateway).as(replica + ": reached through the balancer only").doesNotContainKey("ports");
        }
        assertThat((Map<String, Object>) services.get("gateway-1").get("depends_on")).containsKeys("everything-http", "everything-sse");
        assertThat((Map<String, Object>) services.get("gateway-2").get("depends_on")).as("after gateway-1 made the key pair")
                .containsEntry("gateway-1", Map.of("condition", "service_healthy"));

        Map<String, Object> balancer = services.get("gateway-lb");
        assertThat((String) balancer.get("image")).startsWith("haproxy:");
        assertThat((List<String>) balancer.get("ports")).contains("9080:9080");
        assertThat((List<String>) balancer.get("volumes")).contains("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");

        assertThat((String) services.get("postgres").get("image")).startsWith("postgres:");
        assertThat((String) services.get("redis").get("image")).startsWith("redis:");
        assertThat(services.get("everything-http").get("entrypoint").toString()).contains("server-everything", "streamableHttp");
        assertThat(services.get("everything-sse").get("entrypoint").toString()).contains("server-everything", "sse");

        assertThat((String) services.get("prometheus").get("image")).startsWith("prom/prometheus:");
        assertThat((List<String>) services.get("prometheus").get("volumes")).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat((String) services.get("grafana").get("image")).startsWith("grafana/grafana:");
        assertThat((List<String>) services.get("grafana").get("volumes")).contains(
                "./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/mcp-hybrid-server.json:/var/lib/grafana/dashboards/mcp-hybrid-server.json:ro");
        assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("postgres-data", "jwt-keys", "gateway-1-data", "gateway-2-data");
    }

    @Test
    void haproxy_balances_every_request_over_both_replicas_without_affinity_and_checks_readiness() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docker/haproxy.cfg")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(lines).contains("mode http", "balance roundrobin", "option http-server-close", "option httpchk GET /health/ready",
                "http-check expect status 200", "server gateway-1 gateway-1:9080", "server gateway-2 gateway-2:9080");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("timeout tunnel "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("default-server check "));
        // no stickiness of any kind: no cookies, stick tables or hashing on the source or a header
        assertThat(lines).noneSatisfy(l -> assertThat(l).containsAnyOf("cookie", "stick", "balance source", "hash-type", "balance hdr"));
        // SSE heartbeats (15 s by default) and the longest tool call (300 s) fit in the inactivity timeouts
        assertThat(seconds(lines, "timeout server ")).isGreaterThan(300);
        assertThat(seconds(lines, "timeout client ")).isGreaterThan(300);
    }

    private static long seconds(List<String> lines, String prefix) {
        String value = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length()).strip();
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(value);
        assertThat(m.matches()).as(prefix + value).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "ms" -> n / 1000;
            case "s" -> n;
            case "m" -> n * 60;
            default -> n * 3600;
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheus_scrapes_the_gateway_metrics_endpoint_and_grafana_provisions_it_and_the_dashboard() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("docker/prometheus/prometheus.yml")));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job).containsEntry("metrics_path", "/metrics");
            List<Map<String, Object>> targets = (List<Map<String, Object>>) job.get("static_configs");
            assertThat((List<String>) targets.get(0).get("targets")).containsExactly("gateway-1:9080", "gateway-2:9080");
        });

        Map<String, Object> datasources = new Yaml().load(Files.readString(Path.of("docker/grafana/provisioning/datasources/prometheus.yml")));
        assertThat((List<Map<String, Object>>) datasources.get("datasources")).singleElement()
                .satisfies(ds -> assertThat(ds).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090"));
        Map<String, Object> dashboards = new Yaml().load(Files.readString(Path.of("docker/grafana/provisioning/dashboards/dashboards.yml")));
        assertThat(((List<Map<String, Object>>) dashboards.get("providers")).get(0).get("options").toString())
                .contains("/var/lib/grafana/dashboards");
    }

    @Test
    void the_dashboard_queries_only_series_the_gateway_exports() throws IOException {
        JsonObject dashboard;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(Path.of("docker/grafana/mcp-hybrid-server.json")))) {
            dashboard = reader.readObject();
        }
        assertThat(dashboard.getString("uid")).isEqualTo("mcp-hybrid-server");
        Map<String, String> exported = documentedSeries();
        List<JsonObject> panels = dashboard.getJsonArray("panels").getValuesAs(JsonObject.class).stream()
                .filter(p -> !"row".equals(p.getString("type"))).toList();
        assertThat(panels).hasSizeGreaterThan(10);
        Set<String> used = new TreeSet<>();
        for (JsonObject panel : panels) {
            assertThat(panel.getJsonObject("datasource").getString("uid")).as(panel.getString("title")).isEqualTo("${datasource}");
            List<JsonObject> targets = panel.getJsonArray("targets").getValuesAs(JsonObject.class);
            assertThat(targets).as(panel.getString("title")).isNotEmpty();
            for (JsonObject target : targets) {
                Matcher series = SERIES.matcher(target.getString("expr"));
                while (series.find()) {
                    used.add(series.group());
                }
            }
        }
        assertThat(used).allSatisfy(name -> assertThat(isExported(name, exported))
                .as(name + " is not in the README's Metrics table (the series StatusIT finds in /metrics)").isTrue());
        // the dashboard shows the per-server and per-tool series
        assertThat(used).contains("gateway_tool_calls_total", "gateway_tool_call_duration_seconds_bucket", "gateway_server_up",
                "gateway_server_latency_milliseconds");
    }

    private static final Pattern SERIES = Pattern.compile("gateway_[a-z_]+");
    private static final Pattern METRIC_ROW = Pattern.compile("(?m)^\\| `(gateway_[a-z_]+)` \\| ([a-z]+)");

    /** Name and type of every series in the README's Metrics table. */
    private static Map<String, String> documentedSeries() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Metrics");
        assertThat(start).as("README has a Metrics section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher row = METRIC_ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Map<String, String> series = new TreeMap<>();
        while (row.find()) {
            series.put(row.group(1), row.group(2));
        }
        assertThat(series).isNotEmpty();
        return series;
    }

    /** A documented series, or one of the series a histogram or summary is exported as. */
    private static boolean isExported(String name, Map<String, String> documented) {
        if (documented.containsKey(name)) {
            return true;
        }
        Matcher part = Pattern.compile("(.+)_(bucket|count|sum|max)$").matcher(name);
        if (!part.matches()) {
            return false;
        }
        String type = documented.get(part.group(1));
        return "histogram".equals(type) || "summary".equals(type) && !"bucket".equals(part.group(2));
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
        // server.xml includes auth-jwt.xml or auth-off.xml: every Liberty configuration file must reach /config
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("COPY ").endsWith(" liberty/ /config/"));
        try (var files = Files.list(Path.of("liberty"))) {
            assertThat(files.map(f -> f.getFileName().toString())).contains("server.xml", "jvm.options", "auth-jwt.xml", "auth-off.xml");
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("/usr/local/bin/node"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("RUN ").contains("configure.sh"));
        // the versions the image builds with are the ones the project pins
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<openliberty.version>25.0.0.11</openliberty.version>");
    }
}
