package dev.mcphybrid.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run's state machine alone: which steps may start, how failures stop a run, and what compensates. */
class RunStateTest {

    private static final String FAN = """
            id: fan
            steps:
              - {id: a, tool: everything.echo}
              - {id: b, tool: everything.echo, needs: [a], onFailure: continue}
              - {id: c, tool: everything.echo, needs: [a]}
              - {id: join, tool: everything.echo, needs: [b, c]}
            output: {b: "${steps.b.status}", c: "${steps.c.result}"}
            """;

    private static final String SAGA = """
            id: saga
            steps:
              - {id: one, tool: memory.create_entities, compensate: {tool: memory.delete_entities}}
              - {id: two, tool: memory.create_entities, compensate: {tool: memory.delete_entities}}
              - {id: three, tool: memory.search_nodes, onFailure: compensate, compensate: {tool: memory.delete_entities}}
              - {id: four, tool: everything.echo}
            """;

    private static RunState run(String definition) {
        return new RunState(UUID.randomUUID(), WorkflowParserTest.PARSER.parseText(definition, "test", null), JsonValue.EMPTY_JSON_OBJECT);
    }

    private static List<String> startable(RunState state) {
        return state.startable().stream().map(StepDefinition::id).toList();
    }

    private static void start(RunState state, String id) {
        state.started(id, Instant.now());
    }

    @Test
    void parallel_branches_start_together_and_the_join_waits_for_both() {
        RunState state = run(FAN);
        assertThat(startable(state)).containsExactly("a");
        start(state, "a");
        assertThat(startable(state)).isEmpty();
        state.succeeded("a", Json.createObjectBuilder().build());
        assertThat(startable(state)).containsExactly("b", "c");
        start(state, "b");
        start(state, "c");
        state.succeeded("c", Json.createValue("C"));
        assertThat(startable(state)).isEmpty();
        assertThat(state.finishIfDone()).isFalse();
        state.failed("b", "boom"); // onFailure: continue
        assertThat(startable(state)).containsExactly("join");
        start(state, "join");
        state.succeeded("join", JsonValue.EMPTY_JSON_OBJECT);
        assertThat(state.finishIfDone()).isTrue();
        assertThat(state.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(state.output().asJsonObject().getString("b")).isEqualTo("FAILED");
        assertThat(state.output().asJsonObject().getString("c")).isEqualTo("C");
    }

    @Test
    void a_failing_step_stops_the_run_once_its_running_siblings_end() {
        RunState state = run(FAN.replace(", onFailure: continue", ""));
        start(state, "a");
        state.succeeded("a", JsonValue.EMPTY_JSON_OBJECT);
        start(state, "b");
        start(state, "c");
        state.failed("b", "boom");
        assertThat(startable(state)).isEmpty();
        assertThat(state.finishIfDone()).as("c still runs").isFalse();
        state.succeeded("c", JsonValue.EMPTY_JSON_OBJECT);
        assertThat(state.finishIfDone()).isTrue();
        assertThat(state.status()).isEqualTo(RunStatus.FAILED);
        assertThat(state.error()).isEqualTo("step b failed: boom");
        assertThat(state.step("join").status()).isEqualTo(StepStatus.SKIPPED);
    }

    @Test
    void compensation_undoes_the_failed_step_then_the_succeeded_ones_newest_first() throws InterruptedException {
        RunState state = run(SAGA);
        start(state, "one");
        state.succeeded("one", JsonValue.EMPTY_JSON_OBJECT);
        Thread.sleep(2); // finish times order the compensations
        start(state, "two");
        state.succeeded("two", JsonValue.EMPTY_JSON_OBJECT);
        start(state, "three");
        state.failed("three", "no such node");
        assertThat(state.stopMode()).isEqualTo(StopMode.COMPENSATE);
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StepDefinition next = state.nextCompensation().orElseThrow();
            StepRun undo = state.compensation(next);
            start(state, undo.id());
            assertThat(state.nextCompensation()).as("one at a time").isEmpty();
            state.succeeded(undo.id(), JsonValue.EMPTY_JSON_OBJECT);
            order.add(next.id());
        }
        assertThat(order).containsExactly("three", "two", "one");
        assertThat(state.finishIfDone()).isTrue();
        assertThat(state.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(state.step("four").status()).isEqualTo(StepStatus.SKIPPED);
    }

    @Test
    void a_failed_compensation_fails_the_run_and_says_which() {
        RunState state = run(SAGA);
        start(state, "one");
        state.succeeded("one", JsonValue.EMPTY_JSON_OBJECT);
        start(state, "two");
        state.succeeded("two", JsonValue.EMPTY_JSON_OBJECT);
        start(state, "three");
        state.failed("three", "x");
        while (state.nextCompensation().isPresent()) {
            StepRun undo = state.compensation(state.nextCompensation().get());
            start(state, undo.id());
            if (undo.id().startsWith("two")) {
                state.failed(undo.id(), "cannot delete");
            } else {
                state.succeeded(undo.id(), JsonValue.EMPTY_JSON_OBJECT);
            }
        }
        assertThat(state.finishIfDone()).isTrue();
        assertThat(state.status()).isEqualTo(RunStatus.FAILED);
        assertThat(state.error()).endsWith("compensation failed: two:compensate");
    }

    @Test
    void a_cancelled_run_starts_nothing_more_and_ends_cancelled() {
        RunState state = run(FAN);
        start(state, "a");
        assertThat(state.cancel("enough")).isTrue();
        assertThat(state.cancel("again")).isFalse();
        state.cancelledStep("a", "enough");
        assertThat(startable(state)).isEmpty();
        assertThat(state.finishIfDone()).isTrue();
        assertThat(state.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(state.steps()).extracting(StepRun::status)
                .containsExactly(StepStatus.CANCELLED, StepStatus.SKIPPED, StepStatus.SKIPPED, StepStatus.SKIPPED);
    }

    @Test
    void a_step_of_unknown_outcome_fails_the_run_with_its_reason() {
        RunState state = run(FAN);
        start(state, "a");
        state.unknown("a", "step a was in flight");
        assertThat(state.finishIfDone()).isTrue();
        assertThat(state.status()).isEqualTo(RunStatus.FAILED);
        assertThat(state.error()).isEqualTo("step a was in flight");
        assertThat(state.step("a").status()).isEqualTo(StepStatus.UNKNOWN);
    }

    @Test
    void a_cancel_after_a_failure_does_not_change_why_the_run_stopped() {
        RunState state = run(SAGA);
        start(state, "one");
        state.failed("one", "x");
        assertThat(state.cancel("late")).isFalse();
        assertThat(state.stopMode()).isEqualTo(StopMode.FAIL);
    }
}
