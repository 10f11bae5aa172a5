package dev.mcphybrid.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.mcp.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogueParserTest {

    private final Map<String, String> environment = Map.of("TOKEN", "s3cret", "gateway.data.dir", "/data");
    private final CatalogueParser parser = new CatalogueParser(environment::get);

    @Test
    void the_default_catalogue_parses_into_real_example_servers() throws IOException {
        List<ServerDefinition> servers = parser.parse(Files.readString(Path.of("config/mcp-servers.yml")), "default");
        assertThat(servers).extracting(ServerDefinition::id).containsExactly("everything", "memory");
        ServerDefinition memory = servers.get(1);
        assertThat(memory.transport()).isEqualTo(Transport.STDIO);
        assertThat(memory.command()).isEqualTo("node");
        assertThat(memory.env()).containsEntry("MEMORY_FILE_PATH", "/data/memory.jsonl");
        assertThat(memory.enabled()).isTrue();
        assertThat(memory.origin()).isEqualTo(ServerDefinition.Origin.CATALOGUE);
    }

    @Test
    void reads_every_field_of_a_url_server() {
        ServerDefinition server = parser.parse("""
                servers:
                  - id: remote-1
                    name: Remote
                    transport: streamable-http
                    url: https://mcp.example.org:8443/mcp?tenant=a
                    healthCheck: { interval: 10s, timeout: 750ms }
                    auth: { type: header, header: X-Api-Key, secret: "${TOKEN}" }
                    capabilities: [search]
                    tags: [prod]
                    enabled: false
                """, "test").get(0);
        assertThat(server.name()).isEqualTo("Remote");
        assertThat(server.url()).isEqualTo("https://mcp.example.org:8443/mcp?tenant=a");
        assertThat(server.healthCheck()).isEqualTo(new ServerDefinition.HealthCheck(Duration.ofSeconds(10), Duration.ofMillis(750)));
        assertThat(server.auth().httpHeader()).isEqualTo(Map.entry("X-Api-Key", "s3cret"));
        assertThat(server.capabilities()).containsExactly("search");
        assertThat(server.tags()).containsExactly("prod");
        assertThat(server.enabled()).isFalse();
        assertThat(server.toString()).doesNotContain("s3cret");
        assertThat(server.auth().toString()).doesNotContain("s3cret");
    }

    @Test
    void name_defaults_to_id_and_bearer_auth_becomes_an_authorization_header() {
        ServerDefinition server = parser.parse("""
                servers:
                  - { id: sse1, transport: sse, url: "http://localhost:3001/sse", auth: { type: bearer, secret: abc } }
                """, "test").get(0);
        assertThat(server.name()).isEqualTo("sse1");
        assertThat(server.auth().httpHeader()).isEqualTo(Map.entry("Authorization", "Bearer abc"));
    }

    @Test
    void reports_every_problem_of_a_broken_catalogue_at_once() {
        assertThatThrownBy(() -> parser.parse("""
                servers:
                  - id: a.b
                    transport: stdio
                    url: http://x
                  - id: ok
                    transport: websocket
                  - id: h
                    transport: sse
                    url: ftp://files.example.org
                    command: node
                  - id: h2
                    transport: streamable-http
                    url: http://user:pw@host/mcp
                    healthCheck: { interval: soon }
                    auth: { type: bearer }
                    colour: blue
                  - id: dup
                    transport: sse
                    url: http://host/sse
                  - id: dup
                    transport: sse
                    url: http://host/sse
                  - transport: stdio
                    command: node
                    env: { KEY: "${MISSING}" }
                """, "broken.yml"))
                .isInstanceOfSatisfying(CatalogueException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "servers[0].id: 'a.b' must be 1-64 letters, digits, '-' or '_' and start with a letter or digit",
                        "servers[0].command: required for transport stdio",
                        "servers[0].url: not used by stdio servers; remove it",
                        "servers[1].transport: unknown transport 'websocket' (one of streamable-http, sse, stdio)",
                        "servers[2].url: 'ftp://files.example.org' must be an http or https URL",
                        "servers[2]: command, args, env and workingDir apply only to stdio servers",
                        "servers[3].colour: unknown field (allowed: args, auth, capabilities, command, enabled, env, healthCheck, id, name, tags, transport, url, workingDir)",
                        "servers[3].url: credentials in the URL are not allowed; use auth",
                        "servers[3].healthCheck.interval: 'soon' is not a duration (use e.g. 500ms, 5s, 2m)",
                        "servers[3].auth.secret: required for auth type bearer",
                        "servers[5].id: duplicate id 'dup'",
                        "servers[6].id: required",
                        "servers[6].env.KEY: variable MISSING is not set and has no default"))
                .hasMessageStartingWith("broken.yml: ");
    }

    @Test
    void the_secret_never_appears_in_an_error() {
        assertThatThrownBy(() -> parser.parse("""
                servers:
                  - { id: x, transport: sse, url: "http://h/sse", auth: { type: header, header: "bad header", secret: topsecret } }
                """, "t"))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("auth.header")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void rejects_documents_that_are_not_a_catalogue() {
        assertThatThrownBy(() -> parser.parse("servers: [", "t")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parser.parse("- just a list", "t")).hasMessageContaining("top-level 'servers:'");
        assertThatThrownBy(() -> parser.parse("servers: []\nextra: 1", "t")).hasMessageContaining("extra: unknown top-level field");
        assertThatThrownBy(() -> parser.parse("servers:\n  - id: a\n    id: b\n    transport: sse\n", "t"))
                .hasMessageContaining("not valid YAML");
        assertThat(parser.parse("", "empty")).isEmpty();
        assertThat(parser.parse("servers:", "no servers")).isEmpty();
    }
}
