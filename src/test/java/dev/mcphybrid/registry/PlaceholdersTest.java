package dev.mcphybrid.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private final Map<String, String> env = Map.of("HOST", "db.internal", "PORT", "5432", "EMPTY", "", "gateway.home", "/opt/gw");

    @Test
    void expands_names_defaults_and_dotted_config_keys() {
        assertThat(Placeholders.expand("http://${HOST}:${PORT}/x", env::get)).isEqualTo("http://db.internal:5432/x");
        assertThat(Placeholders.expand("${NOPE:-fallback}", env::get)).isEqualTo("fallback");
        assertThat(Placeholders.expand("${NOPE:-}", env::get)).isEmpty();
        assertThat(Placeholders.expand("${EMPTY:-unused}", env::get)).isEmpty();
        assertThat(Placeholders.expand("${gateway.home}/data", env::get)).isEqualTo("/opt/gw/data");
        assertThat(Placeholders.expand("cost: $5 and $${HOST}", env::get)).isEqualTo("cost: $5 and ${HOST}");
        assertThat(Placeholders.expand("a\\b$c", env::get)).isEqualTo("a\\b$c");
    }

    @Test
    void an_unset_variable_without_default_is_an_error_naming_it() {
        assertThatThrownBy(() -> Placeholders.expand("Bearer ${API_TOKEN}", env::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("variable API_TOKEN is not set and has no default");
    }

    @Test
    void a_file_placeholder_is_looked_up_by_its_path_and_named_when_unreadable() {
        Map<String, String> files = Map.of("file:/run/secrets/token", "s3cr3t-value");
        assertThat(Placeholders.expand("Bearer ${file:/run/secrets/token}", files::get)).isEqualTo("Bearer s3cr3t-value");
        assertThatThrownBy(() -> Placeholders.expand("${file:/run/secrets/missing}", files::get))
                .hasMessage("cannot read /run/secrets/missing");
    }
}
