package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator console in a real browser: headless Chromium (Debian's package) driven by playwright-core from
 * src/it/scripts/console-browser.mjs, against the gateway under test and its real MCP servers. The script signs in,
 * goes through every tab, executes tools from their generated forms, kills the victim stdio server and watches its
 * row, runs workflows from the Workflows tab and watches their steps change live, cuts the console's event stream
 * (through a TCP proxy of its own) while runs happen and checks that they are shown from the replayed events, and
 * runs axe-core on each tab; this class checks what it printed. Screenshots land in target/console; with
 * -Dit.console.docs=true they are also copied to docs/console for the README.
 */
class ConsoleIT {

    static final Path SCREENSHOTS = Path.of("target/console");

    static GatewayClient gateway;

    @BeforeAll
    static void ready() {
        // first without a token: the development key the tokens are signed with exists once the application runs
        GatewayClient anonymous = GatewayClient.anonymous();
        await("gateway ready").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> anonymous.get("/health/ready").status() == 200);
        gateway = GatewayFixture.readyGateway();
        allHealthy();
    }

    /**
     * Every server of the catalogue HEALTHY at once. Generous, because on a loaded machine a stdio server can miss
     * the IT catalogue's 5 s connect timeout a few times before the back-off lets it in.
     */
    static void allHealthy() {
        // ignoring exceptions: the application may still restart once, when the other test servers are deployed
        await("all servers HEALTHY").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                gateway.get("/api/servers").array().getValuesAs(JsonObject.class).stream()
                        .filter(s -> GatewayFixture.CATALOGUE.contains(s.getString("id")))
                        .filter(s -> "HEALTHY".equals(s.getString("state"))).count() == GatewayFixture.CATALOGUE.size());
    }

    @AfterAll
    static void victimBack() {
        if (gateway != null) {
            allHealthy();
        }
    }

    static List<String> strings(JsonObject line, String name) {
        return line.getJsonArray(name).stream().map(v -> v instanceof JsonString t ? t.getString() : v.toString()).toList();
    }

    @Test
    void the_console_is_served_without_a_token_under_a_policy_that_allows_nothing_inline() {
        GatewayClient anonymous = GatewayClient.anonymous();
        GatewayClient.Reply page = anonymous.get("/console/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String policy = page.header("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        assertThat(page.body()).doesNotContain("<script>", "style=");

        GatewayClient.Reply chartLibrary = anonymous.get("/console/vendor/uplot/uPlot.esm.js");
        assertThat(chartLibrary.status()).as("the chart library is served from the WAR").isEqualTo(200);
        assertThat(anonymous.get("/console/js/main.js").header("Content-Security-Policy")).contains(policy);

        GatewayClient.Reply root = anonymous.get("/");
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("Location").orElseThrow()).endsWith("/console/");

        assertThat(anonymous.get("/api/status").status()).as("the API still needs a token").isEqualTo(401);
        assertThat(anonymous.get("/api/status").header("Content-Security-Policy")).contains("default-src 'none'; frame-ancestors 'none'");
    }

    @Test
    void every_tab_shows_live_data_of_the_real_servers_in_a_real_browser() throws IOException {
        ProcessHandle victim = SupervisionIT.victim();
        Map<String, JsonObject> steps = new LinkedHashMap<>();
        List<JsonObject> axe = new java.util.ArrayList<>();
        NodeScripts.run("console-browser.mjs", List.of(gateway.base(), Tokens.of("console-admin", "admin"),
                Tokens.of("console-viewer", "viewer"), Tokens.foreignSignature("console-forger", "admin"),
                String.valueOf(victim.pid()), SCREENSHOTS.toAbsolutePath().toString()), line -> {
            System.out.println("console: " + line);
            if ("axe".equals(line.getString("step"))) {
                axe.add(line);
            }
            steps.put(line.getString("step"), line);
        });
        assertThat(steps).as("the browser script failed: %s", steps.get("error")).doesNotContainKey("error");

        assertThat(steps.get("served").getString("url")).endsWith("/console/");
        assertThat(steps.get("served").getString("csp")).contains("script-src 'self'");
        assertThat(steps.get("refused").getString("message")).contains("401");
        assertThat(steps.get("signed-in").getString("who")).contains("console-admin", "admin");

        int load = steps.get("load").getInt("best");
        System.out.println("console: load time " + steps.get("load").getJsonArray("ms") + " ms (target < 2000 ms)");
        assertThat(load).as("the console loads completely in < 2 s").isLessThan(2000);

        List<JsonObject> rows = steps.get("servers").getJsonArray("rows").getValuesAs(JsonObject.class);
        assertThat(rows).extracting(r -> r.getString("id")).containsAll(GatewayFixture.CATALOGUE);
        assertThat(rows).filteredOn(r -> GatewayFixture.CATALOGUE.contains(r.getString("id")))
                .allSatisfy(r -> assertThat(r.getString("state")).isEqualTo("HEALTHY"))
                .allSatisfy(r -> assertThat(r.getInt("tools")).isPositive());
        assertThat(rows).extracting(r -> r.getString("transport")).contains("stdio", "sse", "streamable-http");
        assertThat(steps.get("server-detail").getString("title")).contains("memory");
        assertThat(steps.get("server-detail").getString("details")).contains("stdio", "protocol");

        assertThat(steps.get("admin-actions").getJsonArray("refusedFields").getValuesAs(JsonString.class))
                .extracting(JsonString::getString).contains("id", "url");
        assertThat(gateway.get("/api/servers/console-registered/status").status()).as("deleted from the page").isEqualTo(404);

        assertThat(steps.get("tools").getInt("everything")).isGreaterThan(5);
        assertThat(steps.get("echo").getString("status")).isEqualTo("SUCCESS");
        assertThat(steps.get("echo").getString("text")).contains("hello from the console");
        assertThat(steps.get("image").getString("src")).startsWith("data:image/");
        assertThat(steps.get("structured").getString("text")).contains("structuredContent", "temperature");
        assertThat(steps.get("nested").getString("text")).contains(steps.get("nested").getString("entity"));
        assertThat(steps.get("invalid").getJsonArray("errors").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                .anySatisfy(e -> assertThat(e).contains("422")).anySatisfy(e -> assertThat(e).contains("b"));
        assertThat(steps.get("progress").getString("live")).containsPattern("\\d+ of 3");

        assertThat(steps.get("logs").getInt("lines")).isPositive();
        assertThat(steps.get("logs-filtered").getString("paused")).isEqualTo("true");

        JsonObject down = steps.get("unhealthy");
        assertThat(down.isNull("eventToRowMs")).as("the row changed from the server_status event itself").isFalse();
        int latency = down.getInt("eventToRowMs");
        System.out.println("console: victim killed -> row UNHEALTHY " + down.getInt("killToRowMs")
                + " ms; state-change event -> row " + latency + " ms (target < 1000 ms)");
        assertThat(latency).as("the row turns UNHEALTHY within 1 s of the state-change event").isLessThan(1000);
        assertThat(steps.get("log-line").getString("line")).contains("victim");

        assertThat(steps.get("execution").getString("detail")).contains("everything.echo", "hello from the console");
        assertThat(steps.get("overview").getString("alerts")).contains("victim");
        assertThat(steps.get("keyboard").getString("hash")).isEqualTo("#servers");

        JsonObject runs = steps.get("workflow-runs");
        assertThat(strings(runs, "definitions")).contains("console-echo", "console-plain", "remember", "slow");
        assertThat(runs.getBoolean("olderEnabled")).as("22 runs of console-plain fill more than a page of 20").isTrue();
        assertThat(runs.getInt("secondPage")).isGreaterThanOrEqualTo(2);
        assertThat(runs.getInt("secondPageFromFirstRuns")).as("the oldest two are on the second page").isEqualTo(2);

        JsonObject run = steps.get("workflow-run");
        assertThat(strings(run, "definitionSteps")).containsExactly("first", "second", "pause", "third");
        assertThat(strings(run, "refused")).anySatisfy(e -> assertThat(e).contains("422"));
        assertThat(strings(run, "refusedFields")).contains("/text");
        assertThat(run.getJsonArray("steps").getValuesAs(JsonObject.class)).extracting(s -> s.getString("id") + "=" + s.getString("state"))
                .containsExactly("first=SUCCEEDED", "second=SUCCEEDED", "pause=SUCCEEDED", "third=SUCCEEDED");
        assertThat(strings(run, "liveSucceeded")).as("steps that turned SUCCEEDED on the page from their events: %s",
                strings(run, "transitions")).contains("pause", "third");
        assertThat(run.getString("output")).contains(run.getString("text") + " again");
        GatewayClient.Reply stored = gateway.get("/api/workflow-runs/" + run.getString("runId"));
        assertThat(stored.object().getString("status")).isEqualTo("SUCCEEDED");
        int stepLatency = run.getInt("eventToRowMs");
        System.out.println("console: workflow step_finished event -> step row SUCCEEDED " + stepLatency + " ms (target < 1000 ms); "
                + strings(run, "transitions"));
        assertThat(stepLatency).as("a step's row changes within 1 s of its event").isLessThan(1000);
        assertThat(steps.get("workflow-json").getString("status")).isEqualTo("SUCCEEDED");
        assertThat(steps.get("workflow-json").getJsonObject("input").getString("note")).isEqualTo("from the JSON box");
        assertThat(steps.get("workflow-cancel").getString("state")).isEqualTo("CANCELLED");
        assertThat(steps.get("workflow-cancel").getInt("cancelButton")).as("no cancel button once the run has ended").isZero();

        JsonObject reconnect = steps.get("reconnect");
        System.out.println("console: event stream cut for " + reconnect.getInt("gapMs") + " ms; let through again -> Live "
                + reconnect.getInt("restoreToLiveMs") + " ms, the runs of the gap shown " + reconnect.getInt("restoreToShownMs")
                + " ms; " + reconnect.getInt("refusedAttempts") + " attempt(s) refused while cut; badge " + reconnect.getJsonArray("states")
                + ", then '" + reconnect.getString("sayingAfterRefusal") + "'");
        assertThat(reconnect.getString("saying")).startsWith("Reconnecting");
        assertThat(reconnect.getInt("refusedAttempts")).as("it tried again while cut, and was refused").isPositive();
        assertThat(reconnect.getString("sayingAfterRefusal")).startsWith("Reconnecting in");
        assertThat(reconnect.isNull("lastEventId")).as("the reconnect sends Last-Event-ID").isFalse();
        assertThat(reconnect.getString("lastEventId")).isNotBlank();
        assertThat(reconnect.isNull("firstLastEventId")).as("the first connection had nothing to resume").isTrue();
        assertThat(reconnect.getInt("listReadsAfterCut")).as("the runs of the gap come from replayed events, not a reload").isZero();
        assertThat(reconnect.getInt("fromEvents")).isEqualTo(3);
        assertThat(reconnect.getInt("restoreToShownMs")).as("caught up within 20 s of the stream being let through").isLessThan(20_000);

        JsonObject viewer = steps.get("viewer");
        assertThat(viewer.getBoolean("executeDisabled")).isTrue();
        assertThat(viewer.getInt("adminButtons")).isZero();
        assertThat(viewer.getInt("registerForm")).isZero();
        assertThat(viewer.getInt("startForm")).as("a viewer cannot start runs").isZero();
        assertThat(viewer.getInt("cancelButton")).as("nor cancel one").isZero();

        assertThat(steps.get("csp").getJsonArray("violations")).as("the console keeps to its own policy").isEmpty();
        assertThat(steps.get("csp").getJsonArray("problems")).as("no script errors").isEmpty();
        assertThat(axe).extracting(a -> a.getString("tab")).contains("overview", "servers", "tools", "logs", "executions", "workflows", "workflow definition", "workflow run");
        assertThat(axe).allSatisfy(a -> assertThat(a.getJsonArray("serious")).as("serious axe violations on %s", a.getString("tab")).isEmpty());

        try (Stream<Path> shots = Files.list(SCREENSHOTS)) {
            List<Path> pngs = shots.filter(p -> p.toString().endsWith(".png")).toList();
            assertThat(pngs).extracting(p -> p.getFileName().toString())
                    .contains("overview.png", "servers.png", "tools.png", "logs.png", "executions.png", "workflows.png");
            if (Boolean.getBoolean("it.console.docs")) {
                Path docs = Files.createDirectories(Path.of("docs/console"));
                for (Path png : pngs) {
                    Files.copy(png, docs.resolve(png.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
