package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class McpSessionTest {

    private final McpSession session = new McpSession("6f1c", "alice", "/mcp", "2025-06-18",
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}",
            1_700_000_000_000L, "gateway-a");

    @Test
    void a_session_reads_back_as_it_was_written() {
        assertThat(McpSession.fromJson(session.toJson())).isEqualTo(session);
    }

    @Test
    void the_replayed_initialize_carries_the_clients_parameters() {
        assertThat(session.initializeRequest()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"session-rebuild\",\"method\":\"initialize\",\"params\":"
                + session.initialize() + "}");
    }

    @Test
    void a_session_belongs_to_its_principal_at_its_endpoint_only() {
        assertThat(session.belongsTo("alice", "/mcp")).isTrue();
        assertThat(session.belongsTo("bob", "/mcp")).isFalse();
        assertThat(session.belongsTo("alice", "/mcp/research")).isFalse();
    }

    @Test
    void text_that_is_not_a_session_is_refused() {
        assertThatThrownBy(() -> McpSession.fromJson("{\"id\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> McpSession.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
