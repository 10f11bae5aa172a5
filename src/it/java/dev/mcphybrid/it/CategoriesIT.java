package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

@GatewayTest(servers = {"everything", "memory"})
class CategoriesIT {

    static final GatewayClient gateway = new GatewayClient();

    @Test
    void categories_are_counted_by_kind() {
        List<JsonObject> categories = gateway.get("/api/tools/categories").array().stream().map(JsonValue::asJsonObject).toList();
        assertThat(categories).anySatisfy(c -> {
            assertThat(c.getString("category")).isEqualTo("memory");
            assertThat(c.getString("kind")).isEqualTo("tag");
            assertThat(c.getInt("count")).isEqualTo(gateway.get("/api/servers/memory/tools").array().size());
        });
        assertThat(categories).anySatisfy(c -> {
            assertThat(c.getString("category")).isEqualTo("read-only");
            assertThat(c.getString("kind")).isEqualTo("hint");
        });
        assertThat(categories).anySatisfy(c -> {
            assertThat(c.getString("category")).isEqualTo("get");
            assertThat(c.getString("kind")).isEqualTo("prefix");
        });
    }

    @Test
    void tools_can_be_filtered_by_category() {
        JsonObject readOnly = gateway.get("/api/tools?category=read-only&limit=500").object();
        assertThat(readOnly.getInt("total")).isPositive();
        readOnly.getJsonArray("items").stream().map(JsonValue::asJsonObject).forEach(tool -> {
            assertThat(tool.getJsonArray("categories").getValuesAs(jakarta.json.JsonString.class))
                    .extracting(jakarta.json.JsonString::getString).contains("read-only");
            assertThat(tool.getJsonObject("annotations").getBoolean("readOnlyHint")).isTrue();
        });
        assertThat(gateway.get("/api/tools?category=no-such-category").object().getInt("total")).isZero();
    }
}
