package dev.mcphybrid.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusWindowTest {

    @Test
    void parses_the_three_windows_and_refuses_anything_else_naming_them() {
        assertThat(StatusWindow.parse("5m")).isEqualTo(StatusWindow.FIVE_MINUTES);
        assertThat(StatusWindow.parse(" 1h ")).isEqualTo(StatusWindow.ONE_HOUR);
        assertThat(StatusWindow.parse("24h")).isEqualTo(StatusWindow.ONE_DAY);
        for (String bad : new String[] {"", "2h", "1d", "5M", "60m", null}) {
            assertThatThrownBy(() -> StatusWindow.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("5m, 1h, 24h");
        }
    }
}
