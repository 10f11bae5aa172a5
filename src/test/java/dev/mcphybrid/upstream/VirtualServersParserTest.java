package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VirtualServersParserTest {

    @Test
    void readsNamedToolSubsets() {
        var servers = VirtualServersParser.parse("""
                virtualServers:
                  - name: research
                    description: read-only
                    tools: ["everything.echo", "memory.*"]
                """);
        assertThat(servers).singleElement().satisfies(server -> {
            assertThat(server.name()).isEqualTo("research");
            assertThat(server.includes().test("memory.read_graph")).isTrue();
            assertThat(server.includes().test("everything.echo")).isTrue();
            assertThat(server.includes().test("everything.get-env")).isFalse();
        });
        assertThat(VirtualServersParser.parse("")).isEmpty();
    }

    @Test
    void everyProblemIsListed() {
        assertThatThrownBy(() -> VirtualServersParser.parse("""
                virtualServers:
                  - name: sse
                    tools: []
                  - name: Bad Name
                    tools: ["x.*"]
                    colour: red
                  - name: twice
                    tools: ["a.b"]
                  - name: twice
                    tools: ["a.c"]
                """)).isInstanceOf(InvalidVirtualServersException.class)
                .hasMessageContaining("virtualServers[0].name: required, lower-case letters")
                .hasMessageContaining("virtualServers[0].tools: required")
                .hasMessageContaining("virtualServers[1].name")
                .hasMessageContaining("virtualServers[1].colour: unknown field")
                .hasMessageContaining("virtualServers[3].name: duplicate 'twice'");
        assertThatThrownBy(() -> VirtualServersParser.parse("servers: []")).hasMessageContaining("virtualServers:");
    }

    @Test
    void exposedNamesAreStableAndCannotCollideAcrossServers() {
        assertThat(ExposedNames.tool("everything-http", "echo")).isEqualTo("everything-http__echo");
        assertThat(ExposedNames.resource("memory", "memory://knowledge-graph")).isEqualTo("mcp-hybrid://memory/memory%3A%2F%2Fknowledge-graph");
        assertThat(ExposedNames.resource("a", "x://1")).isNotEqualTo(ExposedNames.resource("b", "x://1"));
    }
}
