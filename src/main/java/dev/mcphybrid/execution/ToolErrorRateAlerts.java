package dev.mcphybrid.execution;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.events.SystemAlert;
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
 * once, and an all-clear when it falls back below. Each decision and its alert are made under the tool's window lock
 * and fired in order under the tool's key, so a warning and its all-clear from calls finishing at the same time
 * cannot swap, and the counts an alert quotes are those that decided it.
 */
@ApplicationScoped
public class ToolErrorRateAlerts {

    @Inject
    Event<SystemAlert> alerts;

    @Inject
    OrderedEvents ordered;

    @Inject
    @ConfigProperty(name = "gateway.alerts.tool-error-rate")
    double threshold;

    @Inject
    @ConfigProperty(name = "gateway.alerts.tool-window")
    int window;

    private final Map<String, Window> tools = new ConcurrentHashMap<>();

    void onExecution(@ObservesAsync ToolExecuted executed) {
        if (executed.status() == ExecutionStatus.REJECTED) {
            return;
        }
        Window outcomes = tools.computeIfAbsent(executed.toolId(), id -> new Window(window));
        boolean failed = executed.status() != ExecutionStatus.SUCCESS;
        synchronized (outcomes) { // decided and queued in one step: the next call's decision queues after this one
            Change change = outcomes.record(failed, threshold);
            if (change == null) {
                return;
            }
            SystemAlert alert = change.up()
                    ? SystemAlert.warning("tool-error-rate", executed.serverId(), String.format(
                            "Tool %s failed %d of its last %d calls (threshold %.0f%%)", executed.toolId(), change.failures(),
                            change.size(), threshold * 100))
                    : SystemAlert.info("tool-error-rate", executed.serverId(),
                            "Tool " + executed.toolId() + " is back below its error-rate threshold");
            alerts.fireAsync(alert, ordered.by("tool-error-rate:" + executed.toolId()));
        }
    }

    /** The alert of a tool went up (or cleared), with the counts of the window at that moment. */
    record Change(boolean up, int failures, int size) {
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

        /** @return the change when the alert should go up or clear, null when nothing changed */
        synchronized Change record(boolean failure, double threshold) {
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
                return new Change(true, failures, size);
            }
            if (!above && alerting && failures < threshold * size / 2) {
                alerting = false;
                return new Change(false, failures, size);
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
