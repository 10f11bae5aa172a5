package dev.mcphybrid.limits;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class JsonDepthTest {

    @Test
    void countsNestingButNotBracketsInStrings() {
        assertThat(JsonDepth.of("{}")).isEqualTo(1);
        assertThat(JsonDepth.of("{\"a\":[{\"b\":[1,2]}],\"c\":{}}")).isEqualTo(4);
        assertThat(JsonDepth.of("{\"text\":\"[[[[{{{{ \\\" [[[\"}")).isEqualTo(1);
        assertThat(JsonDepth.of("\"plain\"")).isZero();
        assertThat(JsonDepth.of("[".repeat(10_000))).isEqualTo(10_000);
    }

    @Test
    void findsTheFirstOverlongStringWithItsPath() {
        var arguments = Json.createReader(new StringReader("{\"path\":\"a\",\"lines\":[\"short\",\"" + "x".repeat(11) + "\"]}")).readObject();
        assertThat(ArgumentLimits.tooLong(arguments, 10)).contains("arguments.lines[1] is 11 characters long; the limit is 10");
        assertThat(ArgumentLimits.tooLong(arguments, 11)).isEmpty();
        var longKey = Json.createReader(new StringReader("{\"" + "k".repeat(20) + "\":1}")).readObject();
        assertThat(ArgumentLimits.tooLong(longKey, 10)).hasValueSatisfying(v -> assertThat(v).startsWith("a key in arguments is 20"));
    }
}
