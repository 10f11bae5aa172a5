package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.testing.FiredEvents;
import org.junit.jupiter.api.Test;

class ToolErrorRateAlertsTest {

    @Test
    void alerts_once_when_the_rate_is_reached_and_clears_well_below_it() {
        ToolErrorRateAlerts.Window window = new ToolErrorRateAlerts.Window(20);
        for (int i = 0; i < 9; i++) {
            assertThat(window.record(true, 0.5)).as("not before 10 calls").isNull();
        }
        assertThat(window.record(true, 0.5)).isEqualTo(new ToolErrorRateAlerts.Change(true, 10, 10));
        assertThat(window.record(true, 0.5)).as("only once").isNull();
        int cleared = 0;
        for (int i = 0; i < 20; i++) {
            ToolErrorRateAlerts.Change change = window.record(false, 0.5);
            if (change != null && !change.up()) {
                cleared++;
            } else {
                assertThat(change).isNull();
            }
        }
        assertThat(cleared).isEqualTo(1);
        assertThat(window.failures()).isZero();
    }

    /** Calls of one tool finishing on many threads at once: its alerts alternate, warning first, as decided. */
    @Test
    void concurrent_calls_queue_their_alerts_in_the_order_they_were_decided_under_the_tool_s_key() throws Exception {
        FiredEvents<SystemAlert> raised = new FiredEvents<>();
        ToolErrorRateAlerts alerts = new ToolErrorRateAlerts();
        alerts.threshold = 0.5;
        alerts.window = 10;
        alerts.ordered = FiredEvents.ordering();
        alerts.alerts = raised.event();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                // bursts of ten failures then ten successes: the alert goes up and down many times
                dev.mcphybrid.audit.ExecutionStatus status = (i / 10) % 2 == 0 ? dev.mcphybrid.audit.ExecutionStatus.ERROR
                        : dev.mcphybrid.audit.ExecutionStatus.SUCCESS;
                calls.add(pool.submit(() -> alerts.onExecution(executed("srv.tool", status))));
            }
            for (var call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        java.util.List<String> fired = raised.fired().stream().map(f -> f.orderedBy() + " " + f.event().level()).toList();
        assertThat(fired).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("tool-error-rate:srv.tool "));
        for (int i = 0; i < fired.size(); i++) {
            assertThat(fired.get(i)).as("alert %d of %s", i, fired).endsWith(i % 2 == 0 ? "WARNING" : "INFO");
        }
    }

    private static dev.mcphybrid.execution.ToolExecuted executed(String toolId, dev.mcphybrid.audit.ExecutionStatus status) {
        return new dev.mcphybrid.execution.ToolExecuted(java.util.UUID.randomUUID(), toolId, "srv", status, false, 5L, "tester",
                status == dev.mcphybrid.audit.ExecutionStatus.SUCCESS ? null : "failed", java.time.Instant.now());
    }
}
