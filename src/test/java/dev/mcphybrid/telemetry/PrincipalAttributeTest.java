package dev.mcphybrid.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalAttributeTest {

    @Test
    void hash_is_a_stable_pseudonym_of_sixteen_hex_digits() {
        assertThat(PrincipalAttribute.HASH.key()).isEqualTo("enduser.pseudo.id");
        // the first 8 bytes of SHA-256("alice"), as any instance computes them
        assertThat(PrincipalAttribute.HASH.value("alice")).isEqualTo("2bd806c97f0e00af");
        assertThat(PrincipalAttribute.HASH.value("bob")).isNotEqualTo(PrincipalAttribute.HASH.value("alice"));
    }

    @Test
    void name_is_the_name_and_none_is_nothing() {
        assertThat(PrincipalAttribute.NAME.key()).isEqualTo("enduser.id");
        assertThat(PrincipalAttribute.NAME.value("alice")).isEqualTo("alice");
        assertThat(PrincipalAttribute.NONE.key()).isNull();
        assertThat(PrincipalAttribute.NONE.value("alice")).isNull();
        assertThat(PrincipalAttribute.HASH.value(null)).isNull();
    }

    @Test
    void the_setting_is_read_in_any_case_and_anything_else_is_refused_with_the_choices() {
        assertThat(PrincipalAttribute.of(" Name ")).isEqualTo(PrincipalAttribute.NAME);
        assertThatThrownBy(() -> PrincipalAttribute.of("sha1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hash, name or none").hasMessageContaining("sha1");
        assertThatThrownBy(() -> PrincipalAttribute.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
