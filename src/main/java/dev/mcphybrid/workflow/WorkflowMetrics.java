package dev.mcphybrid.workflow;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/** Runs by outcome and step durations, for {@code /metrics} and {@code /api/metrics}; this instance's since start. */
@ApplicationScoped
public class WorkflowMetrics {

    static final Metadata RUNS = Metadata.builder().withName("gateway.workflow.runs")
            .withDescription("Workflow runs ended on this instance, by outcome (SUCCEEDED, FAILED, CANCELLED, COMPENSATED)").build();
    static final Metadata STEP_DURATION = Metadata.builder().withName("gateway.workflow.step.duration")
            .withDescription("Duration of workflow steps (every attempt and back-off included), compensations too").build();

    @Inject
    MetricRegistry metrics;

    private final Map<RunStatus, Counter> runs = new EnumMap<>(RunStatus.class);
    private Timer steps;

    @PostConstruct
    void init() {
        for (RunStatus status : RunStatus.values()) {
            if (status.finished()) {
                runs.put(status, metrics.counter(RUNS, new Tag("outcome", status.name())));
            }
        }
        steps = metrics.timer(STEP_DURATION);
    }

    static final Metadata ACTIVE = Metadata.builder().withName("gateway.workflow.runs.active")
            .withDescription("Workflow runs this instance executes now").build();

    void gaugeActive(java.util.function.Supplier<Integer> active) {
        metrics.gauge(ACTIVE, active);
    }

    void runEnded(RunStatus status) {
        runs.get(status).inc();
    }

    void stepEnded(long durationMs) {
        steps.update(Duration.ofMillis(durationMs));
    }

    /** Runs ended since start, by outcome. */
    public Map<String, Long> runsByOutcome() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        runs.forEach((status, counter) -> out.put(status.name(), counter.getCount()));
        return out;
    }

    public long stepCount() {
        return steps.getCount();
    }

    /** Mean step duration in milliseconds since start; 0 before the first step. */
    public double stepMeanMs() {
        long count = steps.getCount();
        return count == 0 ? 0 : Math.round(steps.getElapsedTime().toNanos() / 1e4 / count) / 100.0;
    }
}
