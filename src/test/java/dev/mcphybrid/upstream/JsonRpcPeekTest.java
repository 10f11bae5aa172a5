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

    @Test
    void the_head_of_a_message_is_its_method_and_id_wherever_they_stand_and_params_are_skipped() {
        JsonRpcPeek call = JsonRpcPeek.head(("{\"params\":{\"name\":\"s__t\",\"arguments\":{\"a\":[1,{\"b\":\"method\"}],\"id\":9}},"
                + "\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"method\":\"tools/call\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(call.method()).isEqualTo("tools/call");
        assertThat(call.id()).isEqualTo(jakarta.json.Json.createValue("r-1"));
        assertThat(call.params()).isNull();
        assertThat(JsonRpcPeek.head("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\"}".getBytes(StandardCharsets.UTF_8)).id().toString())
                .isEqualTo("7");
    }

    @Test
    void a_head_that_cannot_be_read_is_none() {
        assertThat(JsonRpcPeek.head("{\"method\":\"tools/call\", broken".getBytes(StandardCharsets.UTF_8))).isEqualTo(JsonRpcPeek.NONE);
        assertThat(JsonRpcPeek.head("[1]".getBytes(StandardCharsets.UTF_8))).isEqualTo(JsonRpcPeek.NONE);
        assertThat(JsonRpcPeek.head("{\"method\":\"tools/call\"".getBytes(StandardCharsets.UTF_8))).isEqualTo(JsonRpcPeek.NONE);
        assertThat(JsonRpcPeek.head(null)).isEqualTo(JsonRpcPeek.NONE);
    }
}
