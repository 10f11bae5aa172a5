package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobsTest {

    private static boolean matches(String glob, String text) {
        return Globs.compile(glob, false).matcher(text).matches();
    }

    @Test
    void star_matches_any_run_of_characters_including_none() {
        assertThat(matches("search.*", "search.query")).isTrue();
        assertThat(matches("search.*", "search.")).isTrue();
        assertThat(matches("*.delete*", "files.delete_all")).isTrue();
        assertThat(matches("search.*", "research.query")).isFalse();
    }

    @Test
    void question_mark_matches_exactly_one_character() {
        assertThat(matches("db?.query", "db1.query")).isTrue();
        assertThat(matches("db?.query", "db.query")).isFalse();
        assertThat(matches("db?.query", "db12.query")).isFalse();
    }

    @Test
    void everything_else_is_literal() {
        assertThat(matches("a.b", "a.b")).isTrue();
        assertThat(matches("a.b", "axb")).as("a dot is not a regex wildcard").isFalse();
        assertThat(matches("a+(b)", "a+(b)")).isTrue();
        assertThat(matches("  a.b ", "a.b")).as("surrounding blanks are trimmed").isTrue();
    }

    @Test
    void case_is_ignored_only_when_asked() {
        assertThat(Globs.compile("*.Corp.Internal", true).matcher("mcp.corp.internal").matches()).isTrue();
        assertThat(matches("*.Corp.Internal", "mcp.corp.internal")).isFalse();
    }
}
