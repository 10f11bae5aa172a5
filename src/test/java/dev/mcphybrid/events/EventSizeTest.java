package dev.mcphybrid.events;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventSizeTest {

    @Test
    void data_that_fits_is_kept_as_it_is() {
        JsonObject data = Json.createObjectBuilder().add("toolId", "everything.echo").add("list", Json.createArrayBuilder().add(1)).build();
        EventSize.Bounded bounded = EventSize.bound(data, 1024);
        assertThat(bounded.truncated()).isFalse();
        assertThat(bounded.data()).isSameAs(data);
    }

    @Test
    void data_over_the_bound_keeps_its_small_members_clipped_and_loses_the_heavy_ones() {
        JsonObject data = Json.createObjectBuilder()
                .add("executionId", "e-1")
                .add("observations", Json.createArrayBuilder().add("x".repeat(5000)))
                .add("toolId", "t".repeat(3000))
                .add("cached", false)
                .add("durationMs", 7)
                .add("error", Json.createObjectBuilder().add("detail", "y".repeat(5000)))
                .build();
        EventSize.Bounded bounded = EventSize.bound(data, 4096);

        assertThat(bounded.truncated()).isTrue();
        JsonObject cut = bounded.data();
        assertThat(cut.keySet()).containsExactly("executionId", "toolId", "cached", "durationMs", "truncated", "originalBytes");
        assertThat(cut.getString("toolId")).isEqualTo("t".repeat(EventSize.KEPT_STRING_CHARS) + "...");
        assertThat(cut.getJsonNumber("originalBytes").longValue()).isEqualTo(data.toString().length());
        assertThat(cut.toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096 - EventSize.ENVELOPE_ALLOWANCE);
    }

    @Test
    void the_bound_counts_bytes_not_characters() {
        String emoji = "\uD83D\uDE00"; // four bytes in UTF-8, two chars
        JsonObject data = Json.createObjectBuilder().add("message", emoji.repeat(300)).build(); // 1200+ bytes, 600 chars
        assertThat(EventSize.bound(data, 512 + 1000).truncated()).isTrue();
        assertThat(EventSize.bound(data, 512 + 1300).truncated()).isFalse();
        assertThat(EventSize.utf8Length("a\u00e9\u20ac" + emoji)).isEqualTo(1 + 2 + 3 + 4);
        String clipped = EventSize.bound(data, 512 + 1000).data().getString("message");
        assertThat(clipped).endsWith("...");
        assertThat(Character.isHighSurrogate(clipped.charAt(clipped.length() - 4))).isFalse();
    }

    @Test
    void data_whose_cut_is_still_too_big_keeps_only_the_marker() {
        var many = Json.createObjectBuilder();
        for (int i = 0; i < 16; i++) {
            many.add("k" + i, "\u0001".repeat(200)); // each escapes to six characters
        }
        EventSize.Bounded bounded = EventSize.bound(many.build(), 2048);
        assertThat(bounded.data().keySet()).containsExactly("truncated", "originalBytes");
    }

    @Test
    void a_burst_of_warnings_logs_the_first_then_one_an_interval_with_the_count_left_out() {
        Logger logger = Logger.getLogger("test.rare-log." + System.nanoTime());
        logger.setUseParentHandlers(false);
        List<String> lines = new ArrayList<>();
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        long[] now = {0};
        RareLog rare = new RareLog(logger, Duration.ofSeconds(60), () -> now[0]);
        for (int i = 0; i < 5; i++) {
            rare.warn(skipped -> "lost, " + skipped + " left out");
        }
        now[0] = Duration.ofSeconds(61).toNanos();
        rare.warn(skipped -> "lost, " + skipped + " left out");
        assertThat(lines).containsExactly("lost, 0 left out", "lost, 4 left out");
    }
}
