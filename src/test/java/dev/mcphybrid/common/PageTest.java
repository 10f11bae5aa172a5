package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.problem.ProblemException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {

    private final List<Integer> items = IntStream.range(0, 10).boxed().toList();

    @Test
    void slices_and_counts_all_matches() {
        Page<Integer> page = Page.of(items, "8", "5");
        assertThat(page.items()).containsExactly(8, 9);
        assertThat(page.total()).isEqualTo(10);
        assertThat(Page.of(items, null, null).items()).hasSize(10);
        assertThat(Page.of(items, "50", "5").items()).isEmpty();
    }

    @Test
    void bad_values_are_400_problems_naming_the_parameter() {
        assertThatThrownBy(() -> Page.of(items, "x", "5")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(400)).hasMessageContaining("offset");
        assertThatThrownBy(() -> Page.of(items, "0", "501")).hasMessageContaining("limit must be between 1 and 500");
        assertThatThrownBy(() -> Page.of(items, "-1", "5")).hasMessageContaining("offset must be 0 or more");
    }
}
