package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRpcPeekTest {

    private static JsonRpcPeek peek(String body) {
        return JsonRpcPeek.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_initialize_request_is_recognised_with_its_parameters() {
        JsonRpcPeek message = peek("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}");
        assertThat(message.isInitialize()).isTrue();
        assertThat(message.paramsJson()).isEqualTo("{\"protocolVersion\":\"2025-06-18\"}");
        assertThat(message.answerId().toString()).isEqualTo("1");
    }

    @Test
    void a_notification_named_initialize_or_anything_unparsable_is_not_an_initialize() {
        assertThat(peek("{\"jsonrpc\":\"2.0\",\"method\":\"initialize\"}").isInitialize()).isFalse();
        assertThat(peek("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").isInitialize()).isFalse();
        assertThat(peek("[{\"jsonrpc\":\"2.0\"}]").isInitialize()).isFalse();
        assertThat(peek("{not json").isInitialize()).isFalse();
        assertThat(JsonRpcPeek.of(null).answerId()).isEqualTo(JsonValue.NULL);
    }
}
