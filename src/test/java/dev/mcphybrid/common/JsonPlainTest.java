package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPlainTest {

    @Test
    void values_become_plain_java_with_exact_numbers_and_come_back_unchanged() {
        String text = "{\"s\":\"a\\u0000b\",\"i\":42,\"big\":123456789012345678901234567890,\"d\":0.1,\"e\":1.0,"
                + "\"t\":true,\"f\":false,\"n\":null,\"list\":[1,\"x\",{\"k\":[]}],\"o\":{}}";
        JsonObject object = Json.createReader(new StringReader(text)).readObject();

        Map<String, Object> plain = JsonPlain.toMap(object);

        assertThat(plain.get("s")).isEqualTo("a\u0000b");
        assertThat(plain.get("i")).isEqualTo(42L);
        assertThat(plain.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(plain.get("d")).isEqualTo(new BigDecimal("0.1"));
        assertThat(plain.get("e")).isEqualTo(new BigDecimal("1.0"));
        assertThat(plain).containsEntry("t", true).containsEntry("f", false).containsEntry("n", null);
        assertThat(plain.get("list")).isEqualTo(List.of(1L, "x", Map.of("k", List.of())));
        assertThat(plain.keySet()).as("member order is kept").containsExactly("s", "i", "big", "d", "e", "t", "f", "n", "list", "o");
        assertThat(Json.createObjectBuilder(plain).build()).isEqualTo(object);
        assertThat(Json.createObjectBuilder(plain).build().toString()).isEqualTo(object.toString());
    }
}
