package dev.mcphybrid.events;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.execution.ToolExecuted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Raises a {@code system_alert} when a tool's error rate over its last {@code gateway.alerts.tool-window} calls
 * reaches {@code gateway.alerts.tool-error-rate} (ERROR and TIMEOUT count; REJECTED calls never reached the tool),
 * once, and an all-clear when it falls back below.
 */
@ApplicationScoped
public class ToolErrorRateAlerts {

    @Inject
    Event<SystemAlert> alerts;

    @Inject
    @ConfigProperty(name = "gateway.alerts.tool-error-rate", defaultValue = "0.5")
    double threshold;

    @Inject
    @ConfigProperty(name = "gateway.alerts.tool-window", defaultValue = "20")
    int window;

    private final Map<String, Window> tools = new ConcurrentHashMap<>();

    void onExecution(@ObservesAsync ToolExecuted executed) {
        if (executed.status() == ExecutionStatus.REJECTED) {
            return;
        }
        Window outcomes = tools.computeIfAbsent(executed.toolId(), id -> new Window(window));
        boolean failed = executed.status() != ExecutionStatus.SUCCESS;
        Boolean change = outcomes.record(failed, threshold);
        if (Boolean.TRUE.equals(change)) {
            alerts.fireAsync(SystemAlert.warning("tool-error-rate", executed.serverId(), String.format(
                    "Tool %s failed %d of its last %d calls (threshold %.0f%%)", executed.toolId(), outcomes.failures(),
                    outcomes.size(), threshold * 100)));
        } else if (Boolean.FALSE.equals(change)) {
            alerts.fireAsync(SystemAlert.info("tool-error-rate", executed.serverId(),
                    "Tool " + executed.toolId() + " is back below its error-rate threshold"));
        }
    }

    /** The last outcomes of one tool; decides when the alert goes up and down. */
    static final class Window {
        private final boolean[] failed;
        private int next;
        private int size;
        private int failures;
        private boolean alerting;

        Window(int capacity) {
            this.failed = new boolean[capacity];
        }

        /** @return TRUE when the alert should go up, FALSE when it should clear, null when nothing changed */
        synchronized Boolean record(boolean failure, double threshold) {
            if (size == failed.length && failed[next]) {
                failures--;
            }
            failed[next] = failure;
            if (failure) {
                failures++;
            }
            next = (next + 1) % failed.length;
            size = Math.min(size + 1, failed.length);
            boolean above = size >= Math.min(10, failed.length) && failures >= threshold * size;
            if (above && !alerting) {
                alerting = true;
                return Boolean.TRUE;
            }
            if (!above && alerting && failures < threshold * size / 2) {
                alerting = false;
                return Boolean.FALSE;
            }
            return null;
        }

        synchronized int failures() {
            return failures;
        }

        synchronized int size() {
            return size;
        }
    }
}
