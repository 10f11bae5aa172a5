package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workflows end to end on the real servers (definitions in src/it/resources/workflows): runs over REST and as MCP
 * tools through the TypeScript SDK client, parallel branches, retries and compensation, a cancel in the middle,
 * workflow_update events on SSE, every step an audited execution carrying its run and step, and the bad inputs.
 */
class WorkflowsIT {

    private static GatewayClient admin;

    @BeforeAll
    static void ready() {
        admin = GatewayFixture.readyGateway();
        for (String server : List.of("everything", "everything-sse", "memory")) { // the servers the workflows call
            GatewayFixture.awaitState(admin, server, "HEALTHY", Duration.ofMinutes(3));
        }
        await("the workflows of src/it/resources/workflows are read").atMost(Duration.ofSeconds(30)).until(() ->
                admin.get("/api/workflows").object().getJsonArray("workflows").size() >= 5);
    }

    static JsonObject start(GatewayClient gateway, String workflow, String input) {
        GatewayClient.Reply reply = gateway.post("/api/workflows/" + workflow + "/runs", input);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        JsonObject started = reply.object();
        assertThat(reply.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/workflow-runs/" + started.getString("runId")));
        return started;
    }

    static JsonObject awaitEnd(GatewayClient gateway, String runId, Duration within) {
        return await("run " + runId + " ends").atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.get("/api/workflow-runs/" + runId).object(), run -> !run.getString("status").equals("RUNNING"));
    }

    /** A workflow_update envelope of that run (the stream also carries notices without data, e.g. events_lost). */
    private static boolean ofRun(JsonObject envelope, String runId) {
        return "workflow_update".equals(envelope.getString("type", "")) && envelope.get("data") instanceof JsonObject data
                && runId.equals(data.getString("runId", ""));
    }

    static JsonObject step(JsonObject run, String id) {
        return run.getJsonArray("steps").stream().map(JsonValue::asJsonObject).filter(s -> s.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in " + run));
    }

    @Test
    void a_three_step_run_over_rest_chains_echo_into_memory_and_finds_it_with_every_step_audited() {
        String text = "wf-rest-" + UUID.randomUUID();
        JsonObject started;
        try (SseClient events = new SseClient("/api/events/stream?types=workflow_update", null)) {
            started = start(admin, "remember", "{\"text\":\"" + text + "\"}");
            String runId = started.getString("runId");
            JsonObject run = awaitEnd(admin, runId, Duration.ofSeconds(60));
            assertThat(run.getString("status")).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.getJsonObject("output").getString("echoed")).isEqualTo("Echo: " + text);
            assertThat(run.getJsonObject("output").getString("found")).contains(text).contains("Echo: " + text);
            assertThat(step(run, "store").getJsonObject("arguments").getJsonArray("entities").getJsonObject(0)
                    .getJsonArray("observations").getString(0)).isEqualTo("Echo: " + text);
            for (String id : List.of("echo", "store", "find")) {
                JsonObject step = step(run, id);
                assertThat(step.getString("status")).isEqualTo("SUCCEEDED");
                String executionId = step.getString("executionId");
                JsonObject audited = await("the audit row of step " + id).atMost(Duration.ofSeconds(20)).ignoreExceptions()
                        .until(() -> admin.get("/api/executions/" + executionId), r -> r.status() == 200).object();
                assertThat(audited.getString("workflowRunId")).isEqualTo(runId);
                assertThat(audited.getString("workflowStep")).isEqualTo(id);
                assertThat(audited.getString("status")).isEqualTo("SUCCESS");
            }
            assertThat(Database.count("select count(*) from tool_execution where workflow_run_id = cast(? as uuid)", runId)).isEqualTo(3);

            List<String> phases = List.of("run_started", "step_started", "step_finished", "run_finished");
            events.await(e -> ofRun(e.json(), runId) && e.json().getJsonObject("data").getString("phase").equals("run_finished"),
                    Duration.ofSeconds(20));
            List<JsonObject> mine = events.events().stream().map(SseClient.Event::json).filter(e -> ofRun(e, runId)).toList();
            assertThat(mine.stream().map(e -> e.getJsonObject("data").getString("phase")).distinct().toList()).containsExactlyElementsOf(phases);
            assertThat(mine).hasSize(1 + 3 + 3 + 1);
            assertThat(mine.get(mine.size() - 1).getJsonObject("data").getString("status")).isEqualTo("SUCCEEDED");
            assertThat(mine.stream().filter(e -> e.getJsonObject("data").getString("phase").equals("step_finished"))
                    .map(e -> e.getString("serverId")).toList()).containsExactly("everything", "memory", "memory");
        }
    }

    @Test
    void the_same_workflow_is_an_mcp_tool_that_runs_the_chain_in_one_call_with_a_progress_notification_per_step() {
        String text = "wf-mcp-" + UUID.randomUUID();
        List<JsonObject> listed = McpEndpointIT.client("/mcp", Tokens.admin(), "streamable", "list");
        assertThat(listed.stream().filter(o -> o.getString("step").equals("tools")).findFirst().orElseThrow()
                .getJsonArray("names").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString))
                .contains("workflow__remember", "workflow__fan", "workflow__saga");

        List<JsonObject> out = McpEndpointIT.client("/mcp", Tokens.admin(), "streamable", "progress", "workflow__remember",
                "{\"text\":\"" + text + "\"}");
        List<JsonObject> progress = out.stream().filter(o -> o.getString("step").equals("progress")).toList();
        assertThat(progress).extracting(p -> p.getJsonNumber("progress").intValue()).containsExactly(1, 2, 3);
        assertThat(progress).allSatisfy(p -> assertThat(p.getJsonNumber("total").intValue()).isEqualTo(3));
        assertThat(progress.get(2).getString("message")).isEqualTo("step find SUCCEEDED");
        JsonObject result = out.stream().filter(o -> o.getString("step").equals("result")).findFirst().orElseThrow().getJsonObject("result");
        assertThat(result.getBoolean("isError", false)).as(result.toString()).isFalse();
        JsonObject structured = result.getJsonObject("structuredContent");
        assertThat(structured.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(structured.getJsonObject("output").getString("found")).contains(text);
        String runId = structured.getString("runId");
        JsonObject run = admin.get("/api/workflow-runs/" + runId).object();
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("principal")).isEqualTo("it-admin");

        List<JsonObject> refused = McpEndpointIT.client("/mcp", Tokens.admin(), "streamable", "call", "workflow__remember", "{\"text\":\"\"}");
        JsonObject error = refused.stream().filter(o -> o.getString("step").equals("error")).findFirst().orElseThrow(() -> new AssertionError(refused));
        assertThat(error.getInt("code")).isEqualTo(-32602);
        assertThat(error.getString("message")).contains("input schema of workflow remember");
    }

    @Test
    void parallel_branches_run_at_once_a_false_condition_skips_a_step_and_the_join_sees_both_branches() {
        JsonObject run = awaitEnd(admin, start(admin, "fan", "{\"seconds\":3,\"skipOptional\":true}").getString("runId"), Duration.ofSeconds(60));
        assertThat(run.getString("status")).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonObject left = step(run, "left");
        JsonObject right = step(run, "right");
        assertThat(Instant.parse(right.getString("startedAt"))).isBefore(Instant.parse(left.getString("finishedAt")));
        assertThat(Instant.parse(left.getString("startedAt"))).isBefore(Instant.parse(right.getString("finishedAt")));
        assertThat(step(run, "optional").getString("status")).isEqualTo("SKIPPED");
        assertThat(step(run, "optional").containsKey("executionId")).isFalse();
        assertThat(run.getJsonObject("output").getString("joined")).isEqualTo("Echo: SUCCEEDED+SUCCEEDED+SKIPPED");
        assertThat(Instant.parse(step(run, "join").getString("startedAt"))).isAfterOrEqualTo(Instant.parse(left.getString("finishedAt")))
                .isAfterOrEqualTo(Instant.parse(right.getString("finishedAt")));
    }

    @Test
    void a_failing_step_is_retried_with_back_off_and_then_what_the_run_created_is_compensated() {
        String name = "wf-saga-" + UUID.randomUUID();
        JsonObject run = awaitEnd(admin, start(admin, "saga", "{\"name\":\"" + name + "\"}").getString("runId"), Duration.ofSeconds(60));
        assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPENSATED");
        assertThat(run.getString("error")).startsWith("step annotate failed: ").contains("after 3 attempts");
        JsonObject annotate = step(run, "annotate");
        assertThat(annotate.getString("status")).isEqualTo("FAILED");
        assertThat(annotate.getInt("attempts")).isEqualTo(3);
        assertThat(step(run, "create:compensate").getString("status")).isEqualTo("SUCCEEDED");
        assertThat(step(run, "never").getString("status")).isEqualTo("SKIPPED");
        await("three audited attempts of annotate").atMost(Duration.ofSeconds(20)).until(() -> Database.count(
                "select count(*) from tool_execution where workflow_run_id = cast(? as uuid) and workflow_step = 'annotate'", run.getString("id")) == 3);
        assertThat(Database.count("select count(*) from tool_execution where workflow_run_id = cast(? as uuid) and workflow_step = 'create:compensate'"
                + " and status = 'SUCCESS'", run.getString("id"))).isEqualTo(1);
        GatewayClient.Reply search = admin.post("/api/tools/memory.search_nodes/execute", "{\"arguments\":{\"query\":\"" + name + "\"}}");
        assertThat(search.object().getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
                .as("the entity was deleted again").doesNotContain(name);
    }

    @Test
    void a_run_cancelled_in_the_middle_cancels_its_running_call_and_starts_nothing_more() throws InterruptedException {
        String runId = start(admin, "slow", "{\"seconds\":20}").getString("runId");
        await("the slow step calls its tool").atMost(Duration.ofSeconds(30)).until(() -> {
            JsonObject wait = step(admin.get("/api/workflow-runs/" + runId).object(), "wait");
            return wait.getString("status").equals("RUNNING") && wait.getInt("attempts") == 1;
        });
        Thread.sleep(500); // the attempt is written just before the call goes out
        long cancelledAt = System.nanoTime();
        GatewayClient.Reply cancel = admin.post("/api/workflow-runs/" + runId + "/cancel", "");
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(202);
        JsonObject run = awaitEnd(admin, runId, Duration.ofSeconds(15));
        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(10));
        assertThat(run.getString("status")).isEqualTo("CANCELLED");
        assertThat(run.getBoolean("cancelRequested")).isTrue();
        assertThat(step(run, "wait").getString("status")).isEqualTo("CANCELLED");
        assertThat(step(run, "after").getString("status")).isEqualTo("SKIPPED");
        await("the cancelled call's audit row").atMost(Duration.ofSeconds(20)).until(() -> Database.count(
                "select count(*) from tool_execution where workflow_run_id = cast(? as uuid) and status = 'CANCELLED'", runId) == 1);

        assertProblem(admin.post("/api/workflow-runs/" + runId + "/cancel", ""), 409);
    }

    @Test
    void a_step_runs_with_the_callers_access_policy_so_an_operator_without_memory_rights_fails_at_that_step() {
        GatewayClient operator = GatewayClient.as(Tokens.of("it-wf-operator", "operator"));
        JsonObject run = awaitEnd(operator, start(operator, "remember", "{\"text\":\"wf-op-" + UUID.randomUUID() + "\"}").getString("runId"),
                Duration.ofSeconds(60));
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(step(run, "echo").getString("status")).isEqualTo("SUCCEEDED");
        assertThat(step(run, "store").getString("status")).isEqualTo("FAILED");
        assertThat(step(run, "store").getInt("attempts")).as("a refusal is not retried").isEqualTo(1);
        assertThat(step(run, "store").getString("error")).startsWith("FORBIDDEN");
        assertThat(step(run, "find").getString("status")).isEqualTo("SKIPPED");
    }

    @Test
    void bad_inputs_are_problems_listing_what_is_wrong() {
        String invalid = """
                id: broken
                steps:
                  - {id: a, tool: nowhere.nothing, arguments: {x: "${steps.b.result}"}, needs: [b]}
                  - {id: b, tool: everything.echo, needs: [a], retry: {attempts: 99}}
                  - {id: c, tool: everything.echo, when: "${input.x} ==", onFailure: sometimes}
                """;
        JsonObject problem = assertProblem(admin.put("/api/workflows/broken", "application/yaml", invalid), 422);
        List<String> violations = problem.getJsonObject("extensions").getJsonArray("violations")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("steps[0].tool: unknown tool 'nowhere.nothing'"))
                .anySatisfy(v -> assertThat(v).startsWith("steps[1].retry.attempts"))
                .anySatisfy(v -> assertThat(v).startsWith("steps[2].when"))
                .anySatisfy(v -> assertThat(v).startsWith("steps[2].onFailure"))
                .anySatisfy(v -> assertThat(v).startsWith("steps: the needs form a cycle"));
        assertProblem(admin.get("/api/workflows/broken"), 404);

        JsonObject input = assertProblem(admin.post("/api/workflows/remember/runs", "{\"text\":\"\",\"extra\":1}"), 422);
        assertThat(input.getJsonObject("extensions").getJsonArray("violations")).hasSize(2);
        assertProblem(admin.post("/api/workflows/remember/runs", "{\"text\":"), 400);
        assertProblem(admin.post("/api/workflows/no-such-workflow/runs", "{}"), 404);
        assertProblem(admin.get("/api/workflow-runs/" + UUID.randomUUID()), 404);
        assertProblem(admin.get("/api/workflow-runs/not-a-uuid"), 404);
        assertProblem(admin.post("/api/workflow-runs/" + UUID.randomUUID() + "/cancel", ""), 404);
        assertProblem(admin.put("/api/workflows/remember", "application/yaml", "id: remember\nsteps: [{id: a, tool: everything.echo}]"), 409);
        assertProblem(GatewayClient.as(Tokens.operator()).put("/api/workflows/x", "application/yaml", "id: x"), 403);
        assertProblem(GatewayClient.as(Tokens.viewer()).post("/api/workflows/remember/runs", "{\"text\":\"x\"}"), 403);
        assertProblem(admin.get("/api/workflow-runs?status=SOMETIMES"), 400);
    }

    @Test
    void an_admin_creates_lists_runs_pages_and_deletes_a_workflow_through_the_api() {
        String id = "api-echo-" + UUID.randomUUID().toString().substring(0, 8);
        String definition = Json.createObjectBuilder().add("id", id)
                .add("input", Json.createObjectBuilder().add("type", "object"))
                .add("steps", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "say").add("tool", "everything.echo")
                        .add("arguments", Json.createObjectBuilder().add("message", "run ${run.id} of ${workflow.id}")))).build().toString();
        GatewayClient.Reply created = admin.put("/api/workflows/" + id, "application/json", definition);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.object().getString("source")).isEqualTo("api");
        assertThat(admin.put("/api/workflows/" + id, "application/json", definition).status()).isEqualTo(200);
        List<String> runs = List.of(start(admin, id, "").getString("runId"), start(admin, id, "{}").getString("runId"),
                start(admin, id, "{}").getString("runId"));
        runs.forEach(runId -> assertThat(awaitEnd(admin, runId, Duration.ofSeconds(30)).getString("status")).isEqualTo("SUCCEEDED"));
        assertThat(step(admin.get("/api/workflow-runs/" + runs.get(0)).object(), "say").getJsonObject("result").getJsonArray("content")
                .getJsonObject(0).getString("text")).isEqualTo("Echo: run " + runs.get(0) + " of " + id);

        JsonObject first = admin.get("/api/workflow-runs?workflow=" + id + "&limit=2").object();
        assertThat(first.getJsonArray("items")).hasSize(2);
        JsonObject second = admin.get("/api/workflow-runs?workflow=" + id + "&limit=2&cursor=" + first.getString("nextCursor")).object();
        assertThat(second.getJsonArray("items")).hasSize(1);
        assertThat(List.of(first.getJsonArray("items").getJsonObject(0).getString("id"), first.getJsonArray("items").getJsonObject(1).getString("id"),
                second.getJsonArray("items").getJsonObject(0).getString("id"))).containsExactlyInAnyOrderElementsOf(runs);
        assertThat(admin.get("/api/workflow-runs?workflow=" + id + "&status=FAILED").object().getJsonArray("items")).isEmpty();

        assertThat(admin.delete("/api/workflows/" + id).status()).isEqualTo(204);
        assertProblem(admin.delete("/api/workflows/" + id), 404);
        assertThat(admin.get("/api/workflow-runs/" + runs.get(0)).status()).as("runs outlive their definition").isEqualTo(200);
    }
}
