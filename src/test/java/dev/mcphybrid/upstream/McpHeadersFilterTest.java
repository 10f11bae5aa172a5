package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpHeadersFilterTest {

    private final McpHeadersFilter filter = new McpHeadersFilter(List.of("http://localhost:*", "http://[::1]:*", "https://console.example.com"));

    @Test
    void clients_without_an_origin_and_allowed_browser_origins_pass() throws Exception {
        assertThat(send("POST", Map.of()).passed).isTrue();
        assertThat(send("POST", Map.of("Origin", "http://localhost:6274")).passed).isTrue();
        assertThat(send("GET", Map.of("Origin", "http://[::1]:3000")).passed).isTrue();
        assertThat(send("POST", Map.of("Origin", "https://console.example.com")).passed).isTrue();
    }

    @Test
    void a_foreign_origin_is_403_as_a_json_rpc_error_on_post_and_problem_json_otherwise() throws Exception {
        Exchange post = send("POST", Map.of("Origin", "http://attacker.example"));
        assertThat(post.passed).isFalse();
        assertThat(post.status).isEqualTo(403);
        JsonObject error = post.json().getJsonObject("error");
        assertThat(error.getInt("code")).isEqualTo(-32600);
        assertThat(error.getString("message")).contains("http://attacker.example").contains("gateway.mcp.allowed-origins");
        assertThat(post.json().isNull("id")).isTrue();

        Exchange get = send("GET", Map.of("Origin", "http://localhost.attacker.example"));
        assertThat(get.status).isEqualTo(403);
        assertThat(get.contentType).isEqualTo("application/problem+json");
        assertThat(get.json().getString("type")).endsWith("mcp-origin-not-allowed");
    }

    @Test
    void an_unknown_protocol_version_is_400_naming_the_ones_spoken() throws Exception {
        assertThat(send("POST", Map.of("MCP-Protocol-Version", "2025-06-18")).passed).isTrue();
        assertThat(send("POST", Map.of("MCP-Protocol-Version", "2025-11-25")).passed).isTrue();

        Exchange old = send("POST", Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertThat(old.passed).isFalse();
        assertThat(old.status).isEqualTo(400);
        assertThat(old.json().getJsonObject("error").getString("message")).contains("1999-01-01").contains("2025-06-18");
    }

    private Exchange send(String method, Map<String, String> headers) throws Exception {
        Exchange exchange = new Exchange();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase((String) args[0]))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    case "getRequestURI" -> "/mcp";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        Map<String, String> responseHeaders = new HashMap<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        exchange.status = (Integer) args[0];
                        yield null;
                    }
                    case "setContentType" -> {
                        exchange.contentType = (String) args[0];
                        yield null;
                    }
                    case "setCharacterEncoding", "setHeader" -> {
                        responseHeaders.put(m.getName(), String.valueOf(args[args.length - 1]));
                        yield null;
                    }
                    case "getWriter" -> exchange.writer;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        filter.doFilter(request, response, (req, res) -> exchange.passed = true);
        return exchange;
    }

    private static final class Exchange {
        boolean passed;
        int status;
        String contentType;
        final StringWriter body = new StringWriter();
        final PrintWriter writer = new PrintWriter(body);

        JsonObject json() {
            writer.flush();
            return Json.createReader(new StringReader(body.toString())).readObject();
        }
    }
}
