package dev.mcphybrid.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A minimal MCP server over Streamable HTTP with one tool, {@code wait}, that never finishes on its own: it
 * records every {@code notifications/cancelled} it receives, so a test can see that the gateway told it to stop.
 */
final class CancellationProbeServer implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> cancelledRequestIds = new CopyOnWriteArrayList<>();
    private final List<String> calledRequestIds = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> running = new ConcurrentHashMap<>();

    CancellationProbeServer() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(threads);
        http.createContext("/mcp", this::handle);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/mcp";
    }

    List<String> calledRequestIds() {
        return calledRequestIds;
    }

    List<String> cancelledRequestIds() {
        return cancelledRequestIds;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders("DELETE".equals(exchange.getRequestMethod()) ? 200 : 405, -1);
                return;
            }
            JsonObject message = Json.createReader(new StringReader(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))).readObject();
            String method = message.getString("method", "");
            JsonValue id = message.get("id");
            if (id == null) {
                if ("notifications/cancelled".equals(method)) {
                    String requestId = message.getJsonObject("params").get("requestId").toString();
                    cancelledRequestIds.add(requestId);
                    running.getOrDefault(requestId, new CountDownLatch(0)).countDown();
                }
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            JsonObject result = switch (method) {
                case "initialize" -> Json.createObjectBuilder()
                        .add("protocolVersion", message.getJsonObject("params").getString("protocolVersion"))
                        .add("capabilities", Json.createObjectBuilder().add("tools", JsonValue.EMPTY_JSON_OBJECT))
                        .add("serverInfo", Json.createObjectBuilder().add("name", "cancellation-probe").add("version", "1")).build();
                case "tools/list" -> Json.createObjectBuilder().add("tools", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("name", "wait").add("description", "Waits until cancelled")
                        .add("inputSchema", Json.createObjectBuilder().add("type", "object")))).build();
                case "tools/call" -> waitForCancellation(id.toString());
                default -> JsonValue.EMPTY_JSON_OBJECT; // ping, logging/setLevel, ...
            };
            byte[] body = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("result", result).build()
                    .toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private JsonObject waitForCancellation(String requestId) {
        calledRequestIds.add(requestId);
        CountDownLatch cancelled = new CountDownLatch(1);
        running.put(requestId, cancelled);
        try {
            cancelled.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Json.createObjectBuilder().add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("type", "text").add("text", "stopped"))).build();
    }

    @Override
    public void close() {
        running.values().forEach(CountDownLatch::countDown);
        http.stop(0);
        threads.shutdownNow();
    }
}
