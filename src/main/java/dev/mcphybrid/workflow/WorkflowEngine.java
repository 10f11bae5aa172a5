package dev.mcphybrid.workflow;

import dev.mcphybrid.audit.Redactor;
import dev.mcphybrid.cluster.ClusterMembers;
import dev.mcphybrid.execution.CallerInfo;
import dev.mcphybrid.execution.ExecutionSettings;
import dev.mcphybrid.execution.ToolExecutor;
import dev.mcphybrid.mcp.ArgumentValidator;
import dev.mcphybrid.persistence.DatabaseMigration;
import dev.mcphybrid.security.Caller;
import dev.mcphybrid.security.SecretMask;
import dev.mcphybrid.workflow.entity.StepRunRow;
import dev.mcphybrid.workflow.entity.WorkflowRunRow;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts, resumes, cancels and shows workflow runs. A run is executed by the instance that holds its lease (the
 * {@code lease_owner}/{@code lease_until} of its row): the instance that started it, renewing the lease every third
 * of {@code gateway.workflows.lease-ms}; when that instance dies the lease runs out and any instance claims the
 * run and resumes it from its rows, as does the same instance after a restart. See docs/workflows.md.
 */
@ApplicationScoped
public class WorkflowEngine implements dev.mcphybrid.status.WorkflowFigures.Source {

    private static final Logger LOG = Logger.getLogger(WorkflowEngine.class.getName());
    private static final int CLAIMS_PER_SCAN = 20;

    @Inject
    ToolExecutor executor;

    @Inject
    ExecutionSettings execution;

    @Inject
    RunStore store;

    @Inject
    Workflows workflows;

    @Inject
    WorkflowEvents events;

    @Inject
    WorkflowMetrics metrics;

    @Inject
    WorkflowSettings settings;

    @Inject
    ClusterMembers cluster;

    @Inject
    SecretMask secretMask;

    @Resource
    ManagedExecutorService pool;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<UUID, RunDriver> active = new ConcurrentHashMap<>();
    /** Runs claimed by the lease scan whose resumption has not put them in {@link #active} yet. */
    private final Set<UUID> resuming = ConcurrentHashMap.newKeySet();
    private final ArgumentValidator validator = new ArgumentValidator();
    private Redactor redactor;
    private ScheduledFuture<?> leases;
    private volatile boolean stopping;

    void onStartup(@Observes @Priority(DatabaseMigration.STARTUP_PRIORITY + 40) Startup startup) {
        // created for the observer: the first lease scan resumes the runs this instance held before it stopped
    }

    @PostConstruct
    void start() {
        redactor = new Redactor(execution.redactKeys());
        long every = Math.max(200, settings.lease().toMillis() / 3);
        leases = scheduler.scheduleWithFixedDelay(this::tendLeases, 0, every, TimeUnit.MILLISECONDS);
        metrics.gaugeActive(this::activeRuns);
    }

    /** Lets the runs go at shutdown: they stay RUNNING with their leases given up, for whoever comes next. */
    @PreDestroy
    void stop() {
        stopping = true;
        if (leases != null) {
            leases.cancel(false);
        }
        List<UUID> ids = new ArrayList<>(active.keySet());
        active.values().forEach(RunDriver::detach);
        try {
            store.release(ids, me());
        } catch (RuntimeException e) {
            LOG.fine(() -> "Leases not released at shutdown (they run out by themselves): " + e);
        }
        active.clear();
    }

    public int activeRuns() {
        return active.size();
    }

    @Override
    public dev.mcphybrid.status.WorkflowFigures workflowFigures() {
        return new dev.mcphybrid.status.WorkflowFigures(activeRuns(), metrics.runsByOutcome(), metrics.stepCount(), metrics.stepMeanMs());
    }

    /**
     * Starts a run of {@code definition} on this instance.
     *
     * @throws InvalidInputException when the input violates the workflow's input schema
     */
    public RunHandle start(WorkflowDefinition definition, JsonObject input, CallerInfo caller, StepListener listener) {
        List<String> violations = validator.violations(definition.inputSchema(), input);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(definition.id(), violations);
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        RunState state = new RunState(id, definition, input);
        WorkflowRunRow row = new WorkflowRunRow();
        row.id = id;
        row.workflowId = definition.id();
        row.definition = definition.json().toString();
        row.input = input.toString();
        row.status = RunStatus.RUNNING.name();
        row.principal = RunRows.cut(caller.principal(), 200);
        row.callerGroups = String.join(",", caller.caller().groups());
        row.clientAddress = RunRows.cut(caller.clientAddress(), 100);
        row.clientAgent = RunRows.cut(caller.clientAgent(), 500);
        row.requestId = RunRows.cut(caller.requestId(), 100);
        row.createdAt = now;
        row.leaseOwner = me();
        row.leaseUntil = now.plus(settings.lease());
        List<StepRunRow> steps = state.steps().stream().map(s -> RunRows.row(id, s)).toList();
        RunDriver driver = new RunDriver(this, state, caller);
        driver.listen(listener);
        active.put(id, driver); // before the row exists, so the lease scan never takes the run for a stale one of ours
        try {
            store.insert(row, steps);
        } catch (RuntimeException e) {
            active.remove(id);
            throw e;
        }
        events.runStarted(state, caller.principal());
        submit(driver::advance);
        return new RunHandle(id, driver.end);
    }

    public Optional<RunView> view(UUID id) {
        return store.run(id).map(row -> RunRows.view(row, store.steps(id), redact(RunRows.parse(row.input))));
    }

    public List<RunView> page(String workflowId, String status, Instant beforeCreated, UUID beforeId, int limit) {
        return store.page(workflowId, status, beforeCreated, beforeId, limit).stream()
                .map(row -> RunRows.view(row, store.steps(row.id), redact(RunRows.parse(row.input)))).toList();
    }

    /** Cancels a running run: here if this instance runs it, else through its row, which its instance reads at its next renewal. */
    public CancelOutcome cancel(UUID id, String principal) {
        Optional<WorkflowRunRow> row = store.run(id);
        if (row.isEmpty()) {
            return CancelOutcome.NOT_FOUND;
        }
        if (RunStatus.valueOf(row.get().status).finished()) {
            return CancelOutcome.FINISHED;
        }
        RunDriver driver = active.get(id);
        String why = "cancelled by " + principal;
        if (driver != null) {
            if (store.requestCancel(id) == 0) {
                return CancelOutcome.FINISHED; // it ended meanwhile
            }
            driver.cancel(why); // a run already stopping for a failure ends as that failure says
            return CancelOutcome.CANCELLED;
        }
        return store.requestCancel(id) == 1 ? CancelOutcome.REQUESTED : CancelOutcome.FINISHED;
    }

    void submit(Runnable task) {
        if (stopping) {
            return;
        }
        pool.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A workflow task failed", e);
            }
        });
    }

    boolean saveRun(RunState state) {
        String output = state.output() == null ? null : state.output().toString();
        return store.saveRun(state.id(), me(), state.status().name(), state.stopMode() == null ? null : state.stopMode().name(),
                RunRows.cut(state.error(), 2000), output, state.status().finished() ? Instant.now() : null);
    }

    void finished(RunDriver driver) {
        RunState state = driver.state();
        active.remove(state.id());
        metrics.runEnded(state.status());
        events.runFinished(state);
        LOG.fine(() -> "Run " + state.id() + " of " + state.definition().id() + " ended " + state.status());
        try {
            driver.end.complete(view(state.id()).orElseThrow());
        } catch (RuntimeException e) {
            driver.end.completeExceptionally(e);
        }
    }

    void forget(RunDriver driver) {
        active.remove(driver.id(), driver);
    }

    JsonObject redact(JsonObject arguments) {
        return secretMask.mask(redactor.redact(arguments).asJsonObject());
    }

    JsonValue redact(JsonValue value) {
        return secretMask.mask(redactor.redact(value));
    }

    private String me() {
        return cluster.instanceId();
    }

    /** Renews this instance's leases, passes on cancels asked through other instances, claims runs nobody holds. */
    void tendLeases() {
        if (stopping) {
            return;
        }
        try {
            Instant now = Instant.now();
            Instant until = now.plus(settings.lease());
            List<UUID> mine = new ArrayList<>(active.keySet());
            Map<UUID, Boolean> held = store.renew(mine, me(), until);
            for (UUID id : mine) {
                RunDriver driver = active.get(id);
                if (driver == null) {
                    continue;
                }
                if (!held.containsKey(id)) {
                    LOG.warning(() -> "Run " + id + " is no longer held by this instance (its lease ran out); another one resumes it");
                    driver.detach();
                    forget(driver);
                } else if (held.get(id)) {
                    driver.cancel("cancelled (asked through another instance)");
                }
            }
            for (UUID id : store.claimable(me(), now, CLAIMS_PER_SCAN)) {
                if (!active.containsKey(id) && !resuming.contains(id) && store.claim(id, me(), now, until, true)) {
                    resuming.add(id);
                    submit(() -> {
                        try {
                            resume(id);
                        } finally {
                            resuming.remove(id);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "Workflow leases not tended this time: " + e);
        }
    }

    /** Picks a claimed run up from its rows: steps that were in flight run again only if that is safe. */
    void resume(UUID id) {
        Optional<WorkflowRunRow> found = store.run(id);
        if (found.isEmpty() || RunStatus.valueOf(found.get().status).finished()) {
            return;
        }
        WorkflowRunRow row = found.get();
        WorkflowDefinition definition;
        try {
            // the definition as the run started; its tools were checked then
            definition = new WorkflowParser(tool -> Optional.empty(), java.time.Duration.ofDays(1))
                    .parse(dev.mcphybrid.common.JsonPlain.toMap(RunRows.parse(row.definition).asJsonObject()), "run", null);
        } catch (InvalidWorkflowException e) {
            LOG.severe(() -> "Run " + id + " cannot be resumed, its definition does not parse: " + e.getMessage());
            store.saveRun(id, me(), RunStatus.FAILED.name(), StopMode.FAIL.name(),
                    RunRows.cut("cannot be resumed, its stored definition does not parse: " + e.getMessage(), 2000), null, Instant.now());
            return;
        }
        RunState state = new RunState(id, definition, RunRows.parse(row.input).asJsonObject());
        List<StepRunRow> rows = store.steps(id);
        rows.forEach(step -> RunRows.restore(state, step));
        String failed = rows.stream().filter(s -> ("FAILED".equals(s.status) || "UNKNOWN".equals(s.status))
                        && definition.step(s.key.stepId).map(d -> d.onFailure() != OnFailure.CONTINUE).orElse(false))
                .min(java.util.Comparator.comparing(s -> s.finishedAt == null ? Instant.MAX : s.finishedAt))
                .map(s -> s.key.stepId).orElse(null);
        if (row.stopMode != null) {
            state.restoreStop(StopMode.valueOf(row.stopMode), row.error, failed);
        }
        Set<String> groups = new HashSet<>(Arrays.asList(row.callerGroups.split(",")));
        groups.remove("");
        CallerInfo caller = new CallerInfo(new Caller(row.principal, groups), row.clientAddress, row.clientAgent, row.requestId);
        RunDriver driver = new RunDriver(this, state, caller);
        active.put(id, driver);
        List<String> inFlight = new ArrayList<>();
        synchronized (state) {
            for (StepRun step : state.steps()) {
                if (step.status == StepStatus.RUNNING) {
                    inFlight.add(step.id);
                }
            }
            for (String stepId : inFlight) {
                StepRun step = state.step(stepId);
                String definedAs = stepId.endsWith(":compensate") ? stepId.substring(0, stepId.length() - ":compensate".length()) : stepId;
                Boolean declared = definition.step(definedAs).map(StepDefinition::idempotent).orElse(null);
                boolean again = declared != null ? declared : idempotent(step.toolId);
                if (again) {
                    step.status = StepStatus.PENDING; // run again, its attempts counted on
                    LOG.info(() -> "Run " + id + ": step " + stepId + " was in flight when its instance stopped; "
                            + step.toolId + " is idempotent, so it runs again");
                } else {
                    state.unknown(stepId, "step " + stepId + " (" + step.toolId + ") was in flight when the instance running it stopped;"
                            + " its tool is not marked idempotent (idempotentHint) and the step does not say idempotent: true,"
                            + " so it was not run again: whether it took effect is unknown"
                            + (step.executionId == null ? "" : " (its call was execution " + step.executionId + ")"));
                }
                store.saveStep(RunRows.row(id, step));
            }
            if (row.cancelRequested) {
                state.cancel("cancelled while the run moved between instances");
            }
            if (state.stopMode() != null) {
                saveRun(state);
            }
        }
        LOG.info(() -> "Resumed run " + id + " of " + definition.id() + (inFlight.isEmpty() ? "" : ", in flight when it stopped: " + inFlight));
        if (row.cancelRequested) {
            driver.cancel("cancelled");
        }
        driver.advance();
    }

    /** Whether a tool says it is idempotent; waits a little for its server to connect after a restart. */
    private boolean idempotent(String toolId) {
        long deadline = System.nanoTime() + settings.resumeWait().toNanos();
        while (true) {
            Optional<Boolean> known = workflows.idempotentTool(toolId);
            if (known.isPresent()) {
                return known.get();
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Listens to a run this instance executes (its steps' ends); false when it runs elsewhere or has ended. */
    public boolean listen(UUID runId, StepListener listener) {
        RunDriver driver = active.get(runId);
        if (driver == null) {
            return false;
        }
        driver.listen(listener);
        return true;
    }
}
