package dev.mcphybrid.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Talks HTTP to the gateway under test (started by the build on Liberty); shared by every integration test. */
public final class GatewayClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    /** As an admin of the gateway under test. */
    public GatewayClient() {
        this(System.getProperty("gateway.url", "http://localhost:9180"));
    }

    public GatewayClient(String base) {
        this(base, Tokens.admin());
    }

    /** {@code token} null: no Authorization header, unless the request sets one. */
    public GatewayClient(String base, String token) {
        this.base = URI.create(base);
        this.token = token;
    }

    /** The gateway this client talks to, e.g. http://localhost:9180. */
    public String base() {
        return base.toString().replaceAll("/$", "");
    }

    public static String url() {
        return System.getProperty("gateway.url", "http://localhost:9180");
    }

    public static GatewayClient as(String token) {
        return new GatewayClient(url(), token);
    }

    public static GatewayClient anonymous() {
        return new GatewayClient(url(), null);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    public Reply put(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        if (token != null && built.headers().firstValue("Authorization").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", "Bearer " + token).build();
        }
        try {
            HttpResponse<String> response = HTTP.send(built,
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One HTTP answer with JSON helpers. */
    public record Reply(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonObject object() {
            return (JsonObject) json();
        }

        public JsonArray array() {
            return (JsonArray) json();
        }

        public JsonStructure json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
