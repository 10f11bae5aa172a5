package dev.mcphybrid.status;

import static dev.mcphybrid.audit.ExecutionStatus.ERROR;
import static dev.mcphybrid.audit.ExecutionStatus.REJECTED;
import static dev.mcphybrid.audit.ExecutionStatus.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentCallsTest {

    private final MutableClock clock = new MutableClock("2026-11-26T10:00:00Z");
    private final RecentCalls calls = new RecentCalls(clock);
    private final CallLabels.Labels echo = new CallLabels.Labels("everything", "echo");
    private final CallLabels.Labels add = new CallLabels.Labels("everything", "add");
    private final CallLabels.Labels read = new CallLabels.Labels("memory", "read_graph");

    @Test
    void figures_overall_per_server_and_per_tool() {
        calls.record(echo, SUCCESS, 10, clock.instant());
        calls.record(echo, ERROR, 30, clock.instant());
        calls.record(add, REJECTED, 1, clock.instant());
        calls.record(read, SUCCESS, 100, clock.instant());

        assertThat(calls.overall(StatusWindow.FIVE_MINUTES)).isEqualTo(new CallFigures(4, 1, 1, 0.25, 30.0, 93.0));
        assertThat(calls.server("everything", StatusWindow.ONE_HOUR)).isEqualTo(new CallFigures(3, 1, 1, 0.3333, 20.0, 29.0));
        assertThat(calls.server("filesystem", StatusWindow.ONE_HOUR)).isEqualTo(new CallFigures(0, 0, 0, 0, null, null));
        assertThat(calls.tools(StatusWindow.ONE_HOUR)).extracting(RecentCalls.ToolFigures::id)
                .containsExactly("everything.add", "everything.echo", "memory.read_graph");
        RecentCalls.ToolFigures addFigures = calls.tools(StatusWindow.ONE_HOUR).get(0);
        assertThat(addFigures.rejected()).isEqualTo(1);
        assertThat(addFigures.p50Ms()).as("rejected calls have no duration worth counting").isNull();
    }

    @Test
    void older_calls_leave_the_short_windows_but_stay_in_the_day() {
        calls.record(echo, ERROR, 10, clock.instant());
        clock.advance(Duration.ofMinutes(10));
        assertThat(calls.counts(StatusWindow.FIVE_MINUTES).calls()).isZero();
        assertThat(calls.counts(StatusWindow.ONE_HOUR)).isEqualTo(WindowCounts.of(1, 1, 0));
        assertThat(calls.tools(StatusWindow.FIVE_MINUTES).get(0).p50Ms()).isNull();
        clock.advance(Duration.ofHours(2));
        assertThat(calls.counts(StatusWindow.ONE_DAY).calls()).isEqualTo(1);
    }

    @Test
    void a_forgotten_server_leaves_only_the_overall_figures() {
        calls.record(echo, SUCCESS, 10, clock.instant());
        calls.record(read, SUCCESS, 10, clock.instant());
        calls.forget("everything");
        assertThat(calls.serversWithCalls()).containsExactly("memory");
        assertThat(calls.tools(StatusWindow.ONE_HOUR)).extracting(RecentCalls.ToolFigures::id).containsExactly("memory.read_graph");
        assertThat(calls.counts(StatusWindow.ONE_HOUR).calls()).isEqualTo(2);
    }
}
