package dev.mcphybrid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitTest {

    @Test
    void parses_rate_slash_burst() {
        assertThat(Limit.parse("10/20")).isEqualTo(new Limit(10, 20));
        assertThat(Limit.parse(" 0.5 / 1 ")).isEqualTo(new Limit(0.5, 1));
    }

    @Test
    void prints_as_it_is_written() {
        assertThat(Limit.parse("10/20")).hasToString("10/20");
        assertThat(new Limit(0.25, 3)).hasToString("0.25/3");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10", "10/", "/20", "ten/20", "10/20/30", "10/2.5", "-1/5", "1e3/5", "NaN/5", "10d/5"})
    void refuses_text_that_is_not_rate_slash_burst(String text) {
        assertThatThrownBy(() -> Limit.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate limit \"" + text + "\"")
                .hasMessageContaining("<calls per second>/<burst>");
    }

    @Test
    void refuses_a_zero_rate_or_burst_saying_which() {
        assertThatThrownBy(() -> Limit.parse("0/5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"0/5\"").hasMessageContaining("rate must be a positive number");
        assertThatThrownBy(() -> Limit.parse("5/0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"5/0\"").hasMessageContaining("burst must be at least 1");
        assertThatThrownBy(() -> Limit.parse("5/99999999999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst is too large");
        assertThatThrownBy(() -> new Limit(Double.POSITIVE_INFINITY, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retry_after_is_the_wait_for_one_token_rounded_up_to_at_least_a_second() {
        Limit fast = new Limit(20, 2);
        assertThat(fast.retryAfterSeconds(0)).as("1/20 s").isEqualTo(1);
        Limit slow = new Limit(0.1, 1);
        assertThat(slow.retryAfterSeconds(0)).isEqualTo(10);
        assertThat(slow.retryAfterSeconds(0.55)).as("0.45 tokens at 0.1/s").isEqualTo(5);
    }
}
