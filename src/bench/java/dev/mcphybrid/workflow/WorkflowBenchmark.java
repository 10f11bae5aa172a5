package dev.mcphybrid.workflow;

import dev.mcphybrid.bench.Benchmarks;
import dev.mcphybrid.bench.Stats;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The workflow engine's overhead per step (README "Benchmarks", docs/workflows.md): on a running gateway, a workflow
 * of {@code bench.workflow.steps} echo steps (made through the API) is run {@code bench.workflow.runs} times, one run
 * at a time, and the same number of direct {@code POST /api/tools/everything.echo/execute} calls is made. Per step:
 * the run's time in the engine (its rows' created to finished, over the steps) against the direct call's round trip
 * and against the call's own audited duration; the difference is what the engine adds (three row writes, events,
 * scheduling). Needs the everything server and an admin: {@code -Dbench.token=<JWT>}, or a gateway with auth off.
 */
public final class WorkflowBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WorkflowBenchmark() {
    }

    public static void run(String gateway, String token) throws Exception {
        int steps = Integer.getInteger("bench.workflow.steps", Benchmarks.smoke() ? 3 : 10);
        int runs = Integer.getInteger("bench.workflow.runs", Benchmarks.smoke() ? 2 : 30);
        String id = "bench-echo-" + steps;
        JsonArrayBuilder chain = Json.createArrayBuilder();
        for (int i = 1; i <= steps; i++) {
            chain.add(Json.createObjectBuilder().add("id", "s" + i).add("tool", "everything.echo")
                    .add("arguments", Json.createObjectBuilder().add("message", i == 1 ? "${input.text}" : "${steps.s" + (i - 1) + ".result/content/0/text}")));
        }
        String definition = Json.createObjectBuilder().add("id", id).add("steps", chain).build().toString();
        send(gateway, token, "PUT", "/api/workflows/" + id, "application/json", definition, 200, 201);
        System.out.printf("%nWorkflow engine overhead: %d runs of %d echo steps against %d direct executes, on %s%n", runs, steps, runs * steps, gateway);
        for (int i = 0; i < (Benchmarks.smoke() ? 1 : 3); i++) { // warm-up
            runOnce(gateway, token, id);
            direct(gateway, token);
        }
        double[] direct = new double[runs * steps];
        double[] audited = new double[runs * steps];
        for (int i = 0; i < direct.length; i++) {
            long start = System.nanoTime();
            JsonObject response = direct(gateway, token);
            direct[i] = (System.nanoTime() - start) / 1e6;
            audited[i] = response.getJsonNumber("durationMs").doubleValue();
        }
        double[] perStep = new double[runs];
        double[] stepCalls = new double[runs];
        for (int i = 0; i < runs; i++) {
            JsonObject run = runOnce(gateway, token, id);
            Duration engine = Duration.between(Instant.parse(run.getString("createdAt")), Instant.parse(run.getString("finishedAt")));
            perStep[i] = engine.toNanos() / 1e6 / steps;
            stepCalls[i] = run.getJsonArray("steps").stream().mapToLong(s -> s.asJsonObject().getJsonNumber("durationMs").longValue()).sum() / (double) steps;
        }
        Stats directStats = Stats.of(direct);
        Stats auditedStats = Stats.of(audited);
        Stats stepStats = Stats.of(perStep);
        Stats stepCallStats = Stats.of(stepCalls);
        System.out.printf("  direct REST execute, round trip   %s%n", directStats);
        System.out.printf("  direct REST execute, audited call %s%n", auditedStats);
        System.out.printf("  workflow, per step in the engine  %s%n", stepStats);
        System.out.printf("  workflow, per step, its step row  %s%n", stepCallStats);
        System.out.printf("  engine overhead per step (p50): %.2f ms over the direct round trip, %.2f ms over the step's own call%n",
                stepStats.p50() - directStats.p50(), stepStats.p50() - stepCallStats.p50());
        send(gateway, token, "DELETE", "/api/workflows/" + id, null, null, 204);
    }

    private static JsonObject runOnce(String gateway, String token, String id) throws Exception {
        JsonObject started = send(gateway, token, "POST", "/api/workflows/" + id + "/runs", "application/json", "{\"text\":\"bench\"}", 202);
        String runId = started.getString("runId");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject run = send(gateway, token, "GET", "/api/workflow-runs/" + runId, null, null, 200);
            if (!run.getString("status").equals("RUNNING")) {
                if (!run.getString("status").equals("SUCCEEDED")) {
                    throw new IllegalStateException("bench run " + runId + " ended " + run);
                }
                return run;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("bench run " + runId + " did not end within 2 minutes");
    }

    private static JsonObject direct(String gateway, String token) throws Exception {
        return send(gateway, token, "POST", "/api/tools/everything.echo/execute", "application/json", "{\"arguments\":{\"message\":\"bench\"}}", 200);
    }

    private static JsonObject send(String gateway, String token, String method, String path, String type, String body, int... ok) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int status : ok) {
            if (response.statusCode() == status) {
                return response.body().isBlank() ? JsonValue.EMPTY_JSON_OBJECT
                        : Json.createReader(new StringReader(response.body())).readObject();
            }
        }
        throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
}
