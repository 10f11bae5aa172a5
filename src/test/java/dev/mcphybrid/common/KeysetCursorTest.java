package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.problem.ProblemException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysetCursorTest {

    @Test
    void a_cursor_reads_back_as_the_row_it_was_made_from() {
        KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-11-30T22:00:00.123456Z"), UUID.randomUUID());
        String encoded = cursor.encode();
        assertThat(encoded).doesNotContain("|", "=", "+", "/");
        assertThat(KeysetCursor.decode(encoded)).isEqualTo(cursor);
    }

    @Test
    void no_cursor_is_the_first_page_and_a_made_up_one_is_a_400() {
        assertThat(KeysetCursor.decode(null)).isNull();
        assertThat(KeysetCursor.decode("  ")).isNull();
        assertThatThrownBy(() -> KeysetCursor.decode("not-a-cursor")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("cursor is not one this API returned");
    }

    @Test
    void a_page_size_is_a_whole_number_within_its_bounds() {
        assertThat(QueryParams.pageSize(null, 50, 500)).isEqualTo(50);
        assertThat(QueryParams.pageSize(" 7 ", 50, 500)).isEqualTo(7);
        assertThat(QueryParams.pageSize("500", 50, 500)).isEqualTo(500);
        for (String bad : new String[] {"0", "501", "ten", "1.5"}) {
            assertThatThrownBy(() -> QueryParams.pageSize(bad, 50, 500)).as(bad).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("from 1 to 500");
        }
    }
}
