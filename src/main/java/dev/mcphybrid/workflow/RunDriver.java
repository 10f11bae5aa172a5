package dev.mcphybrid.workflow;

import dev.mcphybrid.execution.CallerInfo;
import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.execution.ExecutionResponse;
import dev.mcphybrid.execution.FailureReason;
import dev.mcphybrid.execution.RunStep;
import dev.mcphybrid.execution.ToolCall;
import dev.mcphybrid.execution.ToolId;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.mcp.Cancellation;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Executes one run on this instance: starts the steps its {@link RunState} allows, each on a thread of the managed
 * executor, through the same {@code ToolExecutor} as a REST call, with its retries and back-off; writes every change
 * of a step or the run to the database before it is announced; ends the run. All state changes happen under the
 * state's lock; tool calls and back-off waits outside it.
 */
final class RunDriver {

    private static final Logger LOG = Logger.getLogger(RunDriver.class.getName());
    /** Refusals that another attempt would meet again: retrying them only adds audit rows. */
    private static final Set<FailureReason> FINAL = Set.of(FailureReason.BAD_REQUEST, FailureReason.INVALID_ARGUMENTS,
            FailureReason.UNKNOWN_TOOL, FailureReason.FORBIDDEN, FailureReason.CANCELLED);

    private final WorkflowEngine engine;
    private final RunState state;
    private final CallerInfo caller;
    private final Map<String, Cancellation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> cancelled = new CompletableFuture<>();
    private final List<StepListener> listeners = new CopyOnWriteArrayList<>();
    final CompletableFuture<RunView> end = new CompletableFuture<>();
    private boolean compensating; // guarded by state
    /** Set when this instance stops or lost the run: nothing more is written or started here. */
    private volatile boolean detached;

    RunDriver(WorkflowEngine engine, RunState state, CallerInfo caller) {
        this.engine = engine;
        this.state = state;
        this.caller = caller;
    }

    UUID id() {
        return state.id();
    }

    void listen(StepListener listener) {
        if (listener != null) {
            listeners.add(listener);
        }
    }

    /** Stops driving the run without touching its rows: the instance stops, or another one holds the run now. */
    void detach() {
        detached = true;
        inFlight.values().forEach(c -> c.cancel("the run left this instance"));
    }

    boolean cancel(String why) {
        boolean stopped;
        synchronized (state) {
            stopped = state.cancel(why);
            if (stopped) {
                saveRun();
            }
        }
        if (stopped) {
            cancelled.complete(why);
            inFlight.values().forEach(c -> c.cancel(why));
            advance();
        }
        return stopped;
    }

    /** Starts whatever may start now, or ends the run if nothing runs and nothing can start. */
    void advance() {
        if (detached) {
            return;
        }
        List<Runnable> next = new ArrayList<>();
        boolean finished;
        synchronized (state) {
            boolean again = true;
            while (again) {
                again = false;
                for (StepDefinition step : state.startable()) {
                    if (step.when() != null && !step.when().holds(state)) {
                        state.skipped(step.id());
                        saveStep(state.step(step.id()));
                        engine.events.stepFinished(state, state.step(step.id()));
                        tell(step.id(), StepStatus.SKIPPED);
                        again = true;
                    } else {
                        state.started(step.id(), Instant.now());
                        saveStep(state.step(step.id()));
                        next.add(() -> runStep(step));
                    }
                }
            }
            if (!compensating) {
                state.nextCompensation().ifPresent(step -> {
                    compensating = true;
                    StepRun undo = state.compensation(step);
                    state.started(undo.id, Instant.now());
                    saveStep(undo);
                    next.add(() -> runCompensation(step));
                });
            }
            finished = next.isEmpty() && state.finishIfDone();
            if (finished) {
                state.steps().stream().filter(s -> s.status == StepStatus.SKIPPED && s.startedAt == null).forEach(this::saveStep);
                saveRun();
            }
        }
        if (finished) {
            engine.finished(this);
        } else {
            next.forEach(engine::submit);
        }
    }

    private void runStep(StepDefinition step) {
        try {
            execute(state.step(step.id()), step.call(), step.retry(), step.id());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Step " + step.id() + " of run " + state.id() + " broke off", e);
            ended(state.step(step.id()), StepStatus.FAILED, null, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private void runCompensation(StepDefinition step) {
        StepRun undo;
        synchronized (state) {
            undo = state.compensation(step);
        }
        try {
            execute(undo, step.compensate(), RetryPolicy.NONE, undo.id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Compensation " + undo.id + " of run " + state.id() + " broke off", e);
            ended(undo, StepStatus.FAILED, null, "internal error: " + e.getClass().getSimpleName());
        }
    }

    /** One step's attempts: evaluate the arguments, call the tool, retry after back-off while it may. */
    private void execute(StepRun run, ToolStep call, RetryPolicy retry, String stepId) {
        while (true) {
            if (detached) {
                return;
            }
            if (cancelled.isDone() && state.definition().step(stepId).isPresent()) {
                ended(run, StepStatus.CANCELLED, null, "cancelled before attempt " + (run.attempts + 1));
                return;
            }
            JsonValue arguments;
            UUID executionId = UUID.randomUUID();
            synchronized (state) {
                try {
                    arguments = Template.evaluate(call.arguments(), state);
                } catch (Template.EvaluationException e) {
                    arguments = null;
                    run.error = "arguments: " + e.getMessage();
                }
                if (arguments != null && !(arguments instanceof JsonObject)) {
                    run.error = "arguments: the template gave " + arguments.getValueType() + ", not an object";
                    arguments = null;
                }
                run.attempts++;
                run.executionId = arguments == null ? null : executionId;
                run.arguments = arguments == null ? null : engine.redact(arguments.asJsonObject());
                saveStep(run);
            }
            if (arguments == null) {
                ended(run, StepStatus.FAILED, null, run.error);
                return;
            }
            engine.events.stepStarted(state, run);
            Cancellation cancellation = Cancellation.none();
            inFlight.put(run.id, cancellation);
            if (cancelled.isDone() && state.definition().step(stepId).isPresent()) {
                cancellation.cancel(cancelled.getNow("cancelled"));
            }
            Attempt attempt;
            try {
                attempt = call(call, arguments.asJsonObject(), executionId, stepId, cancellation);
            } finally {
                inFlight.remove(run.id);
            }
            if (detached) {
                return; // the instance is stopping: the step stays RUNNING in the database, for whoever resumes it
            }
            if (attempt.ok()) {
                ended(run, StepStatus.SUCCEEDED, attempt.result(), null);
                return;
            }
            if (attempt.cancelled() || cancelled.isDone() && state.definition().step(stepId).isPresent()) {
                ended(run, StepStatus.CANCELLED, attempt.result(), attempt.error());
                return;
            }
            if (!attempt.retryable() || run.attempts >= retry.attempts()) {
                ended(run, StepStatus.FAILED, attempt.result(), run.attempts > 1 ? attempt.error() + " (after " + run.attempts + " attempts)" : attempt.error());
                return;
            }
            synchronized (state) {
                run.error = attempt.error();
                saveStep(run);
            }
            if (!pause(retry.delayBefore(run.attempts + 1))) {
                continue; // cancelled during the back-off: the loop ends the step as CANCELLED
            }
        }
    }

    /** @return false when the run was cancelled meanwhile */
    private boolean pause(Duration delay) {
        try {
            cancelled.get(delay.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private Attempt call(ToolStep step, JsonObject arguments, UUID executionId, String stepId, Cancellation cancellation) {
        Duration timeout = step.timeout() == null ? engine.execution.defaultTimeout() : step.timeout();
        ToolCall call = new ToolCall(ToolId.parse(step.tool()), arguments, timeout, caller, null, cancellation, executionId,
                new RunStep(state.id(), stepId));
        try {
            ExecutionResponse response = engine.executor.execute(call);
            if (response.status() == ExecutionStatus.SUCCESS) {
                return new Attempt(true, response.result(), null, false, false);
            }
            return new Attempt(false, response.result(), "the tool reported an error: " + firstText(response.result()), true, false);
        } catch (ExecutionFailure e) {
            return new Attempt(false, null, e.reason() + ": " + e.describe(), !FINAL.contains(e.reason()),
                    e.reason() == FailureReason.CANCELLED);
        }
    }

    private static String firstText(JsonObject result) {
        JsonValue content = result.get("content");
        if (content != null && content.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue item : content.asJsonArray()) {
                if (item instanceof JsonObject object && object.get("text") instanceof jakarta.json.JsonString text) {
                    return RunRows.cut(text.getString(), 500);
                }
            }
        }
        return "(no text)";
    }

    private record Attempt(boolean ok, JsonObject result, String error, boolean retryable, boolean cancelled) {
    }

    private void ended(StepRun run, StepStatus status, JsonValue result, String error) {
        if (detached) {
            return;
        }
        synchronized (state) {
            boolean compensation = state.definition().step(run.id).isEmpty();
            switch (status) {
                case SUCCEEDED -> state.succeeded(run.id, result);
                case FAILED -> state.failed(run.id, error);
                case CANCELLED -> state.cancelledStep(run.id, error);
                default -> throw new IllegalStateException("a step ends " + status);
            }
            if (status == StepStatus.FAILED && result != null) {
                run.result = result; // the tool's own account of what went wrong
            }
            if (compensation) {
                compensating = false;
            }
            saveStep(run);
            if (state.stopMode() != null) {
                saveRun();
            }
        }
        if (run.durationMs != null) {
            engine.metrics.stepEnded(run.durationMs);
        }
        engine.events.stepFinished(state, run);
        tell(run.id, status);
        advance();
    }

    private void tell(String stepId, StepStatus status) {
        int ended;
        int total;
        synchronized (state) {
            ended = (int) state.steps().stream().filter(s -> s.status.ended()).count();
            total = state.steps().size();
        }
        for (StepListener listener : listeners) {
            try {
                listener.stepEnded(stepId, status, ended, total);
            } catch (RuntimeException e) {
                LOG.fine(() -> "A step listener failed: " + e);
            }
        }
    }

    private void saveStep(StepRun step) {
        if (!detached) {
            try {
                engine.store.saveStep(RunRows.row(state.id(), step));
            } catch (RuntimeException e) {
                lostDatabase(e);
            }
        }
    }

    private void saveRun() {
        if (detached) {
            return;
        }
        try {
            if (!engine.saveRun(state)) {
                LOG.warning(() -> "Run " + state.id() + " is held by another instance now; this one stops driving it");
                detach();
                engine.forget(this);
            }
        } catch (RuntimeException e) {
            lostDatabase(e);
        }
    }

    /**
     * A change that cannot be written must not be acted on: the run is let go here and resumed from its rows once the
     * database answers (this instance's lease scan claims it again).
     */
    private void lostDatabase(RuntimeException e) {
        LOG.warning(() -> "Run " + state.id() + " paused: its state could not be written (" + e + "); it resumes from the database");
        detach();
        engine.forget(this);
    }

    RunState state() {
        return state;
    }

    boolean detached() {
        return detached;
    }
}
