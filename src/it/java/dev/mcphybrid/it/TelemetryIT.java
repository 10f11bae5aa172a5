package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphybrid.it.OtlpReceiver.ReceivedSpan;
import dev.mcphybrid.it.RecordingProxy.Recorded;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces of tool calls on a real gateway with OpenTelemetry on: {@code gateway-it2} exports spans over OTLP/HTTP to a
 * receiver this test runs on {@code it.otlp.port}, and logs to its console as JSON with one line per call. The tool
 * is server-everything's echo over Streamable HTTP, registered at run time behind a proxy that records what the
 * gateway sends it. Each call must be one trace (the request's span, the execution, admission, the MCP request to the
 * server and the audit record, linked parent to child), the downstream request must carry that trace in its
 * {@code traceparent} header and its {@code params._meta}, and the audit row and the call's log line must name it.
 */
class TelemetryIT {

    private static final GatewayClient gateway = new GatewayClient(System.getProperty("gateway2.url", "http://localhost:9181"));
    private static final Path CONSOLE_LOG = Path.of("target/liberty/wlp/usr/servers/gateway-it2/logs/console.log");

    private static OtlpReceiver otlp;
    private static RecordingProxy proxy;
    private static String serverId;

    @BeforeAll
    static void start() throws Exception {
        otlp = new OtlpReceiver(Integer.getInteger("it.otlp.port", 18115));
        proxy = new RecordingProxy(URI.create("http://127.0.0.1:" + System.getProperty("it.mcp.http.port", "18112")));
        serverId = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(gateway.post("/api/servers", "{\"id\": \"" + serverId + "\", \"transport\": \"streamable-http\", \"url\": \""
                + proxy.url("/mcp") + "\"}").status()).isEqualTo(201);
        GatewayFixture.awaitState(gateway, serverId, "HEALTHY", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/api/tools/" + serverId + ".echo").status() == 200);
    }

    @AfterAll
    static void stop() {
        if (serverId != null) {
            gateway.delete("/api/servers/" + serverId);
        }
        if (proxy != null) {
            proxy.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    void a_rest_call_is_one_trace_from_the_request_to_the_audit_record_and_the_server_and_the_audit_row_and_the_log_name_it()
            throws Exception {
        String message = "traced-rest-" + UUID.randomUUID();
        GatewayClient.Reply reply = gateway.post("/api/tools/" + serverId + ".echo/execute",
                "{\"arguments\": {\"message\": \"" + message + "\"}}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String executionId = reply.object().getString("executionId");

        JsonObject audited = awaitExecution(executionId);
        String traceId = audited.getString("traceId", null);
        assertThat(traceId).as("the audit row names the trace: %s", audited).matches("[0-9a-f]{32}");

        List<ReceivedSpan> trace = awaitTrace(traceId, "execute_tool " + serverId + ".echo", "admission", "tools/call echo", "audit");
        ReceivedSpan request = only(trace, s -> s.kind() == OtlpReceiver.SERVER);
        assertThat(request.parentSpanId()).as("the REST request's span is the root").isEmpty();
        assertThat(request.name()).contains("execute");
        ReceivedSpan execution = named(trace, "execute_tool " + serverId + ".echo");
        assertThat(execution.parentSpanId()).isEqualTo(request.spanId());
        assertThat(execution.kind()).isEqualTo(OtlpReceiver.INTERNAL);
        assertThat(execution.attribute("gen_ai.operation.name")).isEqualTo("execute_tool");
        assertThat(execution.attribute("gateway.tool.id")).isEqualTo(serverId + ".echo");
        assertThat(execution.attribute("gateway.server.id")).isEqualTo(serverId);
        assertThat(execution.attribute("gateway.execution.status")).isEqualTo("SUCCESS");
        assertThat(execution.attribute("gateway.execution.id")).isEqualTo(executionId);
        assertThat(execution.attribute("enduser.pseudo.id")).as("the caller as a pseudonym, by default").isEqualTo(sha256Prefix("anonymous"));
        for (String step : List.of("admission", "tools/call echo", "audit")) {
            assertThat(named(trace, step).parentSpanId()).as(step).isEqualTo(execution.spanId());
        }
        ReceivedSpan downstream = named(trace, "tools/call echo");
        assertThat(downstream.kind()).isEqualTo(OtlpReceiver.CLIENT);
        assertThat(downstream.attribute("mcp.method.name")).isEqualTo("tools/call");
        assertThat(downstream.attribute("gen_ai.tool.name")).isEqualTo("echo");
        assertThat(downstream.attribute("network.transport")).isEqualTo("tcp");
        assertThat(downstream.attribute("server.address")).isEqualTo("127.0.0.1");
        assertThat(trace).as("one execution in the trace").filteredOn(s -> s.name().startsWith("execute_tool")).hasSize(1);

        Recorded sent = toolCallCarrying(message);
        String traceparent = "00-" + traceId + "-" + downstream.spanId() + "-01";
        assertThat(sent.header("traceparent")).as("the server joins the trace under the client span").isEqualTo(traceparent);
        assertThat(sent.body()).contains("\"traceparent\":\"" + traceparent + "\"");

        JsonObject page = gateway.get("/api/executions?traceId=" + traceId).object();
        assertThat(page.getJsonArray("items")).hasSize(1);
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(executionId);
        assertProblem(gateway.get("/api/executions?traceId=not-a-trace"), 400);

        JsonObject line = awaitLogLine(executionId);
        assertThat(line.getString("ext_trace_id", null)).as("the call's JSON log line: %s", line).isEqualTo(traceId);
        assertThat(line.getString("message")).contains("Tool call " + serverId + ".echo SUCCESS").contains("trace " + traceId);
        assertThat(line.getString("module")).isEqualTo("dev.mcphybrid.calls");
        assertThat(otlp.failures()).isEmpty();
        assertThat(Files.readString(CONSOLE_LOG.resolveSibling("messages.log")))
                .contains("Tool calls are traced (OpenTelemetry is on); spans name the caller by enduser.pseudo.id");
    }

    @Test
    void an_mcp_call_continues_the_trace_its_client_sends_in_params_meta() throws Exception {
        String clientTrace = HexFormat.of().formatHex(randomBytes(16));
        String clientSpan = HexFormat.of().formatHex(randomBytes(8));
        String message = "traced-mcp-" + UUID.randomUUID();
        String session = initialize();

        JsonObject answer = mcp(session, "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/call\", \"params\": {\"name\": \""
                + serverId + "__echo\", \"arguments\": {\"message\": \"" + message + "\"}, \"_meta\": {\"traceparent\": \"00-"
                + clientTrace + "-" + clientSpan + "-01\"}}}").orElseThrow();
        assertThat(answer.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).contains(message);

        List<ReceivedSpan> trace = awaitTrace(clientTrace, "tools/call " + serverId + "__echo", "execute_tool " + serverId + ".echo",
                "admission", "tools/call echo", "audit");
        ReceivedSpan server = named(trace, "tools/call " + serverId + "__echo");
        assertThat(server.kind()).isEqualTo(OtlpReceiver.SERVER);
        assertThat(server.parentSpanId()).as("the client's span is the parent").isEqualTo(clientSpan);
        assertThat(server.attribute("mcp.method.name")).isEqualTo("tools/call");
        assertThat(server.attribute("mcp.session.id")).isEqualTo(session);
        ReceivedSpan execution = named(trace, "execute_tool " + serverId + ".echo");
        assertThat(execution.parentSpanId()).isEqualTo(server.spanId());
        ReceivedSpan downstream = named(trace, "tools/call echo");
        assertThat(downstream.parentSpanId()).isEqualTo(execution.spanId());

        assertThat(toolCallCarrying(message).header("traceparent")).isEqualTo("00-" + clientTrace + "-" + downstream.spanId() + "-01");
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/api/executions?traceId=" + clientTrace).object()
                .getJsonArray("items").size() == 1);
        assertThat(gateway.get("/api/executions?traceId=" + clientTrace.toUpperCase()).object().getJsonArray("items")
                .getJsonObject(0).getString("toolId")).as("hex digits in either case").isEqualTo(serverId + ".echo");
    }

    /** The spans of a trace once those named, and a server span (the request's, which ends after its answer), are in. */
    private static List<ReceivedSpan> awaitTrace(String traceId, String... names) {
        await("spans " + List.of(names) + " of trace " + traceId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<ReceivedSpan> trace = otlp.trace(traceId);
                    return trace.stream().map(ReceivedSpan::name).toList().containsAll(List.of(names))
                            && trace.stream().anyMatch(s -> s.kind() == OtlpReceiver.SERVER);
                });
        return otlp.trace(traceId);
    }

    private static JsonObject awaitExecution(String executionId) {
        await("audit row " + executionId).atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/api/executions/" + executionId).status() == 200);
        return gateway.get("/api/executions/" + executionId).object();
    }

    /** The tools/call request the proxy passed on with this message among its arguments. */
    private static Recorded toolCallCarrying(String message) {
        return proxy.requests().stream()
                .filter(r -> r.method().equals("POST") && r.body().contains("\"tools/call\"") && r.body().contains(message))
                .reduce((a, b) -> {
                    throw new AssertionError("two tool calls with " + message);
                }).orElseThrow(() -> new AssertionError("the server got no call with " + message));
    }

    private static JsonObject awaitLogLine(String executionId) throws Exception {
        JsonObject[] found = new JsonObject[1];
        await("log line of " + executionId).atMost(Duration.ofSeconds(20)).until(() -> {
            for (String line : Files.readAllLines(CONSOLE_LOG, StandardCharsets.UTF_8)) {
                if (line.startsWith("{") && line.contains(executionId)) {
                    try (JsonReader reader = Json.createReader(new StringReader(line))) {
                        found[0] = reader.readObject();
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    /** An MCP session on gateway-it2's /mcp, as a client opens one. */
    private static String initialize() {
        GatewayClient.Reply reply = gateway.send(mcpPost(null, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": "
                + "{\"protocolVersion\": \"2025-06-18\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"telemetry-it\", \"version\": \"1\"}}}"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String session = reply.header("Mcp-Session-Id").orElseThrow();
        assertThat(gateway.send(mcpPost(session, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}")).status()).isEqualTo(202);
        return session;
    }

    /** A request's answer, read from the JSON body or from the event stream the server answered with. */
    private static Optional<JsonObject> mcp(String session, String body) {
        GatewayClient.Reply reply = gateway.send(mcpPost(session, body));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String json = reply.contentType() != null && reply.contentType().startsWith("text/event-stream")
                ? reply.body().lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim())
                        .filter(l -> l.contains("\"id\":2")).reduce((a, b) -> b).orElse(null)
                : reply.body();
        if (json == null) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return Optional.of(reader.readObject());
        }
    }

    private static HttpRequest.Builder mcpPost(String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.base() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return session == null ? request : request.header("Mcp-Session-Id", session);
    }

    private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
        return only(spans, s -> s.name().equals(name));
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("in %s", spans).hasSize(1);
        return matching.get(0);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never all zeros, which W3C trace context calls invalid
        return bytes;
    }

    private static String sha256Prefix(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }
}
