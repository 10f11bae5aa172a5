package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway killed (SIGKILL) in the middle of two runs resumes them after its restart: the step in flight runs again
 * where its tool is idempotent (trigger-long-running-operation says idempotentHint), and is marked UNKNOWN, failing
 * its run with the reason, where the step says it must not run twice. On a gateway of its own, gateway-itwf (embedded
 * H2, no cluster), which this test starts, kills, restarts and stops, so no other test's gateway goes down.
 */
class WorkflowResumeIT {

    static final String SERVER = "gateway-itwf";

    private static GatewayClient gateway;

    static String url() {
        return System.getProperty("gatewaywf.url", "http://localhost:9183");
    }

    /**
     * How long a start of the gateway may take: two minutes on an idle machine is plenty, but with several builds on
     * two cores a Liberty start was seen to take over three.
     */
    private static final Duration START = Duration.ofMinutes(7);

    @BeforeAll
    static void startOwnGateway() throws Exception {
        start();
        gateway = new GatewayClient(url(), Tokens.admin());
        awaitServers();
    }

    /** {@code server start}, then /health/ready; the script's own wait may give up first on a busy machine. */
    private static void start() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        liberty("start");
        GatewayClient anonymous = new GatewayClient(url());
        await(SERVER + " ready").atMost(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().until(() -> anonymous.get("/health/ready").status() == 200);
    }

    @AfterAll
    static void stopOwnGateway() throws Exception {
        liberty("stop");
    }

    private static void awaitServers() {
        await("everything and memory are connected on " + SERVER).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> gateway.get("/api/servers").array().stream().map(s -> s.asJsonObject())
                        .filter(s -> s.getString("state").equals("HEALTHY")).count() == 2);
        await("the slow workflows are read").atMost(Duration.ofSeconds(30)).until(() ->
                gateway.get("/api/workflows/slow").status() == 200 && gateway.get("/api/workflows/slow-unsafe").status() == 200);
    }

    @Test
    void runs_in_flight_when_the_gateway_is_killed_resume_after_its_restart() throws Exception {
        String safe = WorkflowsIT.start(gateway, "slow", "{\"seconds\":10}").getString("runId");
        String unsafe = WorkflowsIT.start(gateway, "slow-unsafe", "{\"seconds\":10}").getString("runId");
        for (String runId : new String[] {safe, unsafe}) {
            await("the long step of " + runId + " calls its tool").atMost(Duration.ofSeconds(30)).until(() -> {
                JsonObject wait = WorkflowsIT.step(gateway.get("/api/workflow-runs/" + runId).object(), "wait");
                return wait.getString("status").equals("RUNNING") && wait.getInt("attempts") == 1;
            });
        }
        Thread.sleep(1000); // well inside the 10 s step
        ProcessHandle jvm = Processes.libertyServer(SERVER);
        Processes.signal(jvm, "KILL");
        await("the gateway is gone").atMost(Duration.ofSeconds(10)).until(() -> !jvm.isAlive());

        start();

        JsonObject resumed = WorkflowsIT.awaitEnd(gateway, safe, Duration.ofSeconds(120));
        assertThat(resumed.getString("status")).as(resumed.toString()).isEqualTo("SUCCEEDED");
        JsonObject wait = WorkflowsIT.step(resumed, "wait");
        assertThat(wait.getInt("attempts")).as("the idempotent step ran again").isEqualTo(2);
        assertThat(WorkflowsIT.step(resumed, "after").getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("Echo: after 2 attempt(s)");

        JsonObject failed = WorkflowsIT.awaitEnd(gateway, unsafe, Duration.ofSeconds(120));
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        JsonObject unknown = WorkflowsIT.step(failed, "wait");
        assertThat(unknown.getString("status")).isEqualTo("UNKNOWN");
        assertThat(unknown.getInt("attempts")).as("not run again").isEqualTo(1);
        assertThat(failed.getString("error")).contains("was in flight when the instance running it stopped")
                .contains("not run again").contains(unknown.getString("executionId"));
        assertThat(WorkflowsIT.step(failed, "after").getString("status")).isEqualTo("SKIPPED");
    }

    private static void liberty(String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(System.getProperty("it.liberty.bin"), action, SERVER).inheritIO().start();
        assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("server " + action + " " + SERVER).isTrue();
    }
}
