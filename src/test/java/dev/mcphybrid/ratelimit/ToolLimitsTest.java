package dev.mcphybrid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolLimitsTest {

    private final Limit byDefault = new Limit(50, 100);

    @Test
    void tools_without_a_matching_override_get_the_default() {
        ToolLimits limits = ToolLimits.parse(byDefault, List.of("search.*=5/10"));
        assertThat(limits.forTool("files.read")).isEqualTo(byDefault);
        assertThat(ToolLimits.parse(byDefault, List.of()).forTool("search.query")).isEqualTo(byDefault);
    }

    @Test
    void the_first_matching_glob_wins() {
        ToolLimits limits = ToolLimits.parse(byDefault, List.of("search.expensive=1/1", "search.*=5/10", "*=30/60"));
        assertThat(limits.forTool("search.expensive")).isEqualTo(new Limit(1, 1));
        assertThat(limits.forTool("search.query")).isEqualTo(new Limit(5, 10));
        assertThat(limits.forTool("files.read")).isEqualTo(new Limit(30, 60));
    }

    @Test
    void globs_match_the_whole_tool_id_with_star_and_question_mark() {
        ToolLimits limits = ToolLimits.parse(byDefault, List.of(" db?.query = 2/4 ", "*.delete*=0.5/1"));
        assertThat(limits.forTool("db1.query")).isEqualTo(new Limit(2, 4));
        assertThat(limits.forTool("db12.query")).isEqualTo(byDefault);
        assertThat(limits.forTool("db1.query_all")).as("the glob must match all of it").isEqualTo(byDefault);
        assertThat(limits.forTool("files.delete_all")).isEqualTo(new Limit(0.5, 1));
        assertThat(limits.forTool("Files.Delete")).as("tool ids are case sensitive").isEqualTo(byDefault);
    }

    @Test
    void blank_entries_are_ignored() {
        assertThat(ToolLimits.parse(byDefault, List.of(" ", "a.b=1/2", "")).forTool("a.b")).isEqualTo(new Limit(1, 2));
    }

    @Test
    void refuses_entries_that_are_not_glob_equals_limit() {
        assertThatThrownBy(() -> ToolLimits.parse(byDefault, List.of("search.*"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"search.*\" is not <tool glob>=<rate>/<burst>");
        assertThatThrownBy(() -> ToolLimits.parse(byDefault, List.of("=5/10"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<tool glob>=<rate>/<burst>");
        assertThatThrownBy(() -> ToolLimits.parse(byDefault, List.of("search.*=fast"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate limit \"fast\"");
    }

    @Test
    void describes_itself_for_the_log() {
        assertThat(ToolLimits.parse(byDefault, List.of())).hasToString("50/100");
        assertThat(ToolLimits.parse(byDefault, List.of("search.*=5/10", "db?.*=1/2"))).hasToString("50/100 (search.*=5/10, db?.*=1/2)");
    }
}
