package dev.mcphybrid.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.common.Page;
import dev.mcphybrid.events.EventType;
import dev.mcphybrid.registry.DownstreamLog;
import dev.mcphybrid.security.SecretMask;
import dev.mcphybrid.testing.RecordingBus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The aggregated log: what it keeps, how it is searched, what it streams, and the gateway's own lines. */
class LogStoreTest {

    /** Logs as a part of the gateway would, so the store's handler copies these lines. */
    private static final Logger GATEWAY_PART = Logger.getLogger("dev.mcphybrid.logstoretest");

    private final RecordingBus bus = new RecordingBus();
    private final SecretMask secrets = new SecretMask();
    private LogStore store;

    @BeforeEach
    void store() {
        store = new LogStore();
        store.bus = bus;
        store.secretMask = secrets;
        store.retention = 5;
    }

    @AfterEach
    void detach() {
        store.detach();
    }

    @Test
    void keeps_only_the_newest_lines_up_to_the_retention() {
        for (int i = 1; i <= 8; i++) {
            store.add(i % 2 == 0 ? "even" : "odd", LogLevel.INFO, null, "line " + i);
        }

        assertThat(store.search(null, null, null, null)).extracting(LogEntry::message)
                .containsExactly("line 8", "line 7", "line 6", "line 5", "line 4");
        assertThat(store.search(null, null, null, null)).extracting(LogEntry::id).containsExactly(8L, 7L, 6L, 5L, 4L);
        assertThat(store.sources()).isEqualTo(Map.of("even", 3L, "odd", 2L));
    }

    @Test
    void sources_counts_the_kept_lines_of_each_source_in_name_order() {
        store.retention = 100;
        store.add("zeta", LogLevel.INFO, null, "z");
        store.add("alpha", LogLevel.ERROR, null, "a1");
        store.add("alpha", LogLevel.DEBUG, null, "a2");
        store.add(LogStore.GATEWAY_SOURCE, LogLevel.INFO, null, "g");

        assertThat(store.sources()).containsExactly(Map.entry("alpha", 2L), Map.entry("gateway", 1L), Map.entry("zeta", 1L));
    }

    @Test
    void search_filters_by_source_minimum_level_and_text_in_any_case() {
        store.retention = 100;
        store.add("a", LogLevel.DEBUG, null, "Cache warmed");
        store.add("a", LogLevel.WARNING, null, "Disk almost FULL");
        store.add("b", LogLevel.ERROR, null, "disk full");
        store.add("a", LogLevel.CRITICAL, null, "gave up");

        assertThat(store.search("a", null, null, null)).extracting(LogEntry::message)
                .containsExactly("gave up", "Disk almost FULL", "Cache warmed");
        assertThat(store.search(null, LogLevel.WARNING, null, null)).extracting(LogEntry::message)
                .containsExactly("gave up", "disk full", "Disk almost FULL");
        assertThat(store.search(null, null, null, "disk full")).extracting(LogEntry::message).containsExactly("disk full");
        assertThat(store.search(null, null, null, "DISK")).extracting(LogEntry::message)
                .containsExactly("disk full", "Disk almost FULL");
        assertThat(store.search("a", LogLevel.ERROR, null, "  ")).extracting(LogEntry::message).containsExactly("gave up");
        assertThat(store.search("nobody", null, null, null)).isEmpty();
    }

    @Test
    void search_since_keeps_lines_from_that_instant_on() {
        store.retention = 100;
        store.add("a", LogLevel.INFO, null, "before");
        LogEntry earlier = store.add("a", LogLevel.INFO, null, "before too");
        Instant since = laterThan(earlier.timestamp());
        store.add("a", LogLevel.INFO, null, "after");

        assertThat(store.search(null, null, since, null)).extracting(LogEntry::message).containsExactly("after");
        assertThat(store.search(null, null, earlier.timestamp(), null)).as("the instant itself counts")
                .extracting(LogEntry::message).containsExactly("after", "before too");
    }

    @Test
    void results_page_newest_first() {
        store.retention = 100;
        for (int i = 1; i <= 7; i++) {
            store.add("a", LogLevel.INFO, null, "line " + i);
        }

        Page<LogEntry> second = Page.of(store.search("a", null, null, null), 2, 2);
        assertThat(second.items()).extracting(LogEntry::message).containsExactly("line 5", "line 4");
        assertThat(second.total()).isEqualTo(7);
        assertThat(Page.of(store.search("a", null, null, null), 6, 2).items()).extracting(LogEntry::message)
                .containsExactly("line 1");
    }

    @Test
    void every_line_is_streamed_masked_with_the_server_as_source_and_none_for_the_gateway() {
        secrets.register(List.of("s3cret-token"));
        LogEntry kept = store.add("srv", LogLevel.NOTICE, "db", "login with s3cret-token");
        store.add(LogStore.GATEWAY_SOURCE, LogLevel.INFO, null, "started");

        assertThat(kept.message()).doesNotContain("s3cret-token");
        assertThat(bus.published).hasSize(2);
        RecordingBus.Published line = bus.published.get(0);
        assertThat(line.type()).isEqualTo(EventType.LOG_ENTRY);
        assertThat(line.serverId()).isEqualTo("srv");
        assertThat(line.data().getJsonNumber("logId").longValue()).isEqualTo(kept.id());
        assertThat(line.data().getString("source")).isEqualTo("srv");
        assertThat(line.data().getString("level")).isEqualTo("notice");
        assertThat(line.data().getString("logger")).isEqualTo("db");
        assertThat(line.data().getString("message")).isEqualTo(kept.message());
        assertThat(bus.published.get(1).serverId()).isNull();
        assertThat(bus.published.get(1).data().containsKey("logger")).isFalse();
    }

    @Test
    void a_downstream_line_with_an_unknown_level_is_kept_as_info() {
        store.downstream(new DownstreamLog("srv", "chatty", "stderr", "hello"));

        LogEntry entry = store.search("srv", null, null, null).get(0);
        assertThat(entry.level()).isEqualTo("info");
        assertThat(entry.logger()).isEqualTo("stderr");
    }

    @Test
    void the_gateways_own_info_lines_are_copied_but_not_its_debug_or_downstream_loggers() {
        store.attach();

        GATEWAY_PART.info("connected {0} in {1} ms");
        GATEWAY_PART.log(java.util.logging.Level.WARNING, "slow: {0}", "ping");
        GATEWAY_PART.fine("detail nobody asked for");
        Logger.getLogger("dev.mcphybrid.downstream.srv").warning("already kept as the server's own line");

        assertThat(ownLines()).extracting(LogEntry::message).containsExactly("slow: ping", "connected {0} in {1} ms");
        assertThat(ownLines()).extracting(LogEntry::level).containsExactly("warning", "info");
    }

    @Test
    void logging_while_a_line_is_published_neither_recurses_nor_keeps_that_line() {
        store.attach();
        bus.whilePublishing = () -> GATEWAY_PART.warning("logged by the bus while publishing");

        store.add("srv", LogLevel.INFO, null, "from a server");
        GATEWAY_PART.info("from the gateway");

        assertThat(store.search(null, null, null, null)).extracting(LogEntry::message)
                .containsExactly("from the gateway", "from a server");
        assertThat(bus.published).hasSize(2);

        bus.whilePublishing = () -> { };
        GATEWAY_PART.info("after publishing, lines are copied again");
        assertThat(ownLines()).extracting(LogEntry::message).first().isEqualTo("after publishing, lines are copied again");
    }

    private List<LogEntry> ownLines() {
        return store.search(LogStore.GATEWAY_SOURCE, null, null, null).stream()
                .filter(e -> GATEWAY_PART.getName().equals(e.logger())).toList();
    }

    private static Instant laterThan(Instant instant) {
        Instant now = Instant.now();
        while (!now.isAfter(instant)) {
            Thread.onSpinWait();
            now = Instant.now();
        }
        return now;
    }
}
