package dev.mcphybrid.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A WebSocket client on the JDK's HttpClient. With {@code reading=false} it never asks for a message: the
 * connection stalls like a client that stopped reading.
 */
public final class WebSocketClient implements AutoCloseable {

    private final List<JsonObject> envelopes = new CopyOnWriteArrayList<>();
    private final List<JsonObject> replies = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private volatile Integer closeCode;

    public WebSocketClient(boolean reading) {
        this(reading, Tokens.admin());
    }

    public WebSocketClient(boolean reading, String token) {
        this(GatewayClient.url(), reading, token);
    }

    /** On the gateway at {@code base}, e.g. another member of the cluster or the load balancer. */
    public WebSocketClient(String base, boolean reading, String token) {
        String url = base.replace("http", "ws") + "/ws/events";
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(url), new Listener(reading)).join();
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    public List<JsonObject> envelopes() {
        return envelopes;
    }

    public List<JsonObject> replies() {
        return replies;
    }

    public List<Integer> batchSizes() {
        return batchSizes;
    }

    public Integer closeCode() {
        return closeCode;
    }

    public JsonObject awaitEnvelope(Predicate<JsonObject> wanted, Duration within) {
        return awaitIn(envelopes, wanted, within);
    }

    public JsonObject awaitReply(Predicate<JsonObject> wanted, Duration within) {
        return awaitIn(replies, wanted, within);
    }

    private static JsonObject awaitIn(List<JsonObject> list, Predicate<JsonObject> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonObject item : list) {
                if (wanted.test(item)) {
                    return item;
                }
            }
            McpServerProcess.sleep(50);
        }
        throw new AssertionError("nothing matching within " + within + " in " + list);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final boolean reading;
        private final StringBuilder partial = new StringBuilder();

        Listener(boolean reading) {
            this.reading = reading;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reading) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonStructure message;
                try (var reader = Json.createReader(new StringReader(partial.toString()))) {
                    message = reader.read();
                }
                partial.setLength(0);
                if (message instanceof JsonArray batch) {
                    batchSizes.add(batch.size());
                    batch.forEach(v -> envelopes.add(v.asJsonObject()));
                } else {
                    JsonObject object = (JsonObject) message;
                    if (object.containsKey("timestamp") && object.containsKey("data")) {
                        batchSizes.add(1);
                        envelopes.add(object);
                    } else {
                        replies.add(object);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }
    }

    static boolean isType(JsonValue value, String type) {
        return value instanceof JsonObject o && type.equals(o.getString("type", null));
    }
}
