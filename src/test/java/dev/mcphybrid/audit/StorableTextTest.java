package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void nul_in_text_becomes_the_replacement_character() {
        assertThat(StorableText.text("a\u0000b\u0000")).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    void text_without_anything_to_replace_is_the_same_string() {
        String text = "plain, ümlaut and 😀";
        assertThat(StorableText.text(text)).isSameAs(text);
        assertThat(StorableText.json("{\"a\":\"plain\"}")).isEqualTo("{\"a\":\"plain\"}");
    }

    @Test
    void half_a_surrogate_pair_becomes_the_replacement_character_and_whole_pairs_stay() {
        assertThat(StorableText.text("x\uD83Dy😀\uDE00")).isEqualTo("x\uFFFDy😀\uFFFD");
    }

    @Test
    void a_nul_escape_in_json_becomes_the_replacement_character_and_the_json_stays_valid() {
        String stored = StorableText.json("{\"message\":\"a\\u0000b\",\"k\\u0000\":1}");
        assertThat(stored).isEqualTo("{\"message\":\"a\uFFFDb\",\"k\uFFFD\":1}");
        assertThat(Json.createReader(new StringReader(stored)).readObject().getString("message")).isEqualTo("a\uFFFDb");
    }

    @Test
    void an_escaped_backslash_before_u0000_is_text_and_stays() {
        String json = "{\"path\":\"C:\\\\u0000\"}";
        assertThat(StorableText.json(json)).isEqualTo(json);
    }

    @Test
    void other_escapes_in_json_stay_as_they_are() {
        String json = "{\"a\":\"tab\\t quote\\\" \\u0001 \\u00e9 \\uD83D\\uDE00\"}";
        assertThat(StorableText.json(json)).isEqualTo(json);
    }

    @Test
    void escapes_of_unpaired_surrogates_in_json_become_the_replacement_character() {
        assertThat(StorableText.json("[\"\\uD83D\",\"\\uDE00x\",\"\\uD83Dy\"]")).isEqualTo("[\"\uFFFD\",\"\uFFFDx\",\"\uFFFDy\"]");
    }
}
