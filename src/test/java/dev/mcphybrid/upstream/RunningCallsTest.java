package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.mcp.Cancellation;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunningCallsTest {

    private final RunningCalls calls = new RunningCalls();
    private final Map<String, Object> attributes = new HashMap<>();
    private final HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "getAttribute" -> attributes.get((String) args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void a_tools_call_is_named_by_session_and_id_and_the_clients_cancel_stops_it() {
        calls.inspect(request, "s1", body("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}"));
        String key = (String) attributes.get(RunningCalls.CALL_KEY);
        assertThat(key).isEqualTo("s1 7");
        Cancellation cancellation = calls.start(key);

        calls.inspect(request, "s1", body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":7,\"reason\":\"user pressed stop\"}}"));

        assertThat(cancellation.isCancelled()).isTrue();
        assertThat(cancellation.whenCancelled().join()).contains("user pressed stop");
        calls.end(key, cancellation);
        assertThat(calls.size()).isZero();
    }

    @Test
    void a_cancel_names_only_its_own_session_and_exact_id() {
        Cancellation numeric = calls.start(RunningCalls.key("s1", jakarta.json.Json.createValue(1)));
        Cancellation text = calls.start(RunningCalls.key("s1", jakarta.json.Json.createValue("1")));
        Cancellation otherSession = calls.start(RunningCalls.key("s2", jakarta.json.Json.createValue(1)));

        calls.inspect(request, "s1", body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"1\"}}"));

        assertThat(text.isCancelled()).isTrue();
        assertThat(numeric.isCancelled()).isFalse();
        assertThat(otherSession.isCancelled()).isFalse();
    }

    @Test
    void other_messages_and_malformed_bodies_are_left_to_the_sdk() {
        calls.inspect(request, "s1", body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        calls.inspect(request, "s1", body("{\"method\":\"tools/call\", broken"));
        calls.inspect(request, "s1", body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}"));

        assertThat(attributes).isEmpty();
        assertThat(calls.cancel("s1 9", null)).as("nothing runs under that id").isFalse();
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
