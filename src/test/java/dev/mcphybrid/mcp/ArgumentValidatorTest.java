package dev.mcphybrid.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import com.sun.net.httpserver.HttpServer;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ArgumentValidatorTest {

    private final ArgumentValidator validator = new ArgumentValidator();

    private static final JsonObject SUM = json("""
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
             "properties":{"a":{"type":"number"},"b":{"type":"number"},"mode":{"enum":["fast","exact"]}},
             "required":["a","b"],"additionalProperties":false}""");

    @Test
    void valid_arguments_have_no_violations() {
        assertThat(validator.violations(SUM, json("{\"a\": 1, \"b\": 2.5}"))).isEmpty();
        assertThat(validator.violations(null, json("{\"anything\": true}"))).isEmpty();
    }

    @Test
    void every_violation_is_listed_with_its_location() {
        var violations = validator.violations(SUM, json("{\"a\": \"one\", \"mode\": \"slow\", \"extra\": 1}"));
        assertThat(violations).hasSize(4);
        assertThat(violations).containsExactlyInAnyOrder(
                "/a: string found, number expected",
                "/mode: does not have a value in the enumeration [\"fast\", \"exact\"]",
                "required property 'b' not found",
                "property 'extra' is not defined in the schema and the schema does not allow additional properties");
    }

    @Test
    void missing_arguments_are_checked_as_an_empty_object() {
        assertThat(validator.violations(SUM, null)).hasSize(2);
    }

    @Test
    void a_remote_ref_is_not_fetched() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] schema = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/schema+json");
            exchange.sendResponseHeaders(200, schema.length);
            exchange.getResponseBody().write(schema);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            JsonObject remote = json("{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"" + url + "\"}}}");
            try {
                validator.violations(remote, json("{\"x\": 1}"));
            } catch (RuntimeException expected) {
                // a schema that cannot be resolved fails; what matters is that no request left the gateway
            }
            assertThat(requests.get()).as("requests for the remote schema").isZero();
        } finally {
            server.stop(0);
        }
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
