package dev.mcphybrid.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    private final SecretMask mask = new SecretMask();

    @Test
    void masksEveryOccurrenceAtAnyDepthAndLeavesCleanJsonUntouched() {
        mask.register(List.of("tok-123456", "tok-123456789"));
        JsonObject result = json("{\"content\":[{\"type\":\"text\",\"text\":\"API_TOKEN=tok-123456789 and tok-123456\"}],"
                + "\"tok-123456\":{\"n\":1}}");
        assertThat(mask.mask(result).toString())
                .isEqualTo("{\"content\":[{\"type\":\"text\",\"text\":\"API_TOKEN=[REDACTED] and [REDACTED]\"}],\"[REDACTED]\":{\"n\":1}}");
        JsonObject clean = json("{\"text\":\"nothing to see\"}");
        assertThat(mask.mask(clean)).isSameAs(clean);
    }

    @Test
    void findsSecretsThatJsonEscapingHides() {
        mask.register(List.of("pa\"ss/word\\x"));
        assertThat(mask.mask(json("{\"text\":\"pa\\\"ss\\/word\\\\x\"}")).toString()).isEqualTo("{\"text\":\"[REDACTED]\"}");
    }

    @Test
    void shortValuesAreNotMaskedAndAValueStaysWhileAnotherServerUsesIt() {
        mask.register(List.of("abc", "shared-secret"));
        mask.register(List.of("shared-secret"));
        assertThat(mask.mask("abc")).isEqualTo("abc");
        mask.unregister(List.of("shared-secret"));
        assertThat(mask.mask("x shared-secret")).isEqualTo("x [REDACTED]");
        mask.unregister(List.of("shared-secret"));
        assertThat(mask.mask("x shared-secret")).isEqualTo("x shared-secret");
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
