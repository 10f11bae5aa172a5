package dev.mcphybrid.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallLabelsTest {

    private final Set<String> servers = new HashSet<>(Set.of("everything", "memory"));
    private final Set<String> listed = new HashSet<>(Set.of("everything.echo", "memory.read_graph"));
    private final CallLabels labels = new CallLabels(servers::contains, (server, tool) -> listed.contains(server + "." + tool));

    @Test
    void a_listed_tool_is_its_own_series() {
        assertThat(labels.of("everything", "everything.echo")).isEqualTo(new CallLabels.Labels("everything", "echo"));
    }

    @Test
    void names_no_server_ever_listed_share_one_series_so_callers_cannot_make_series_without_end() {
        assertThat(labels.of("everything", "everything.no-such-tool"))
                .isEqualTo(new CallLabels.Labels("everything", CallLabels.UNLISTED_TOOL));
        assertThat(labels.of("nowhere", "nowhere.echo"))
                .isEqualTo(new CallLabels.Labels(CallLabels.UNKNOWN_SERVER, CallLabels.UNLISTED_TOOL));
        assertThat(labels.of("unknown", "no-dot")).extracting(CallLabels.Labels::server).isEqualTo(CallLabels.UNKNOWN_SERVER);
    }

    @Test
    void a_tool_once_listed_keeps_its_series_while_its_server_is_down_until_the_server_is_forgotten() {
        labels.of("memory", "memory.read_graph");
        listed.remove("memory.read_graph"); // the server went down and lists nothing now
        assertThat(labels.of("memory", "memory.read_graph").tool()).isEqualTo("read_graph");

        labels.forget("memory");
        assertThat(labels.of("memory", "memory.read_graph").tool()).isEqualTo(CallLabels.UNLISTED_TOOL);
    }
}
