package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.common.ShippedDefaults;
import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void secret_keys_are_masked_at_any_depth_and_the_rest_kept() {
        var input = Json.createReader(new StringReader("""
                {"query":"select 1","apiKey":"k-123","nested":{"Password":"hunter2","user":"bob",
                 "list":[{"access_token":"t"},{"plain":1}]},"authorization":"Bearer x"}""")).readObject();
        String out = new Redactor(ShippedDefaults.of("gateway.audit.redact-keys")).redact(input).toString();
        assertThat(out).doesNotContain("k-123", "hunter2", "Bearer x", "\"t\"")
                .contains("\"query\":\"select 1\"", "\"user\":\"bob\"", "\"plain\":1", "[REDACTED]");
    }
}
