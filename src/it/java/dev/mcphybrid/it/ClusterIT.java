package dev.mcphybrid.it;

import static dev.mcphybrid.it.ClusterFixture.IT1;
import static dev.mcphybrid.it.ClusterFixture.IT3;
import static dev.mcphybrid.it.ClusterFixture.echo;
import static dev.mcphybrid.it.ClusterFixture.executionId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two gateways as one: gateway-it (it1, "A") and gateway-it3 (it3, "B") share PostgreSQL and Redis, and HAProxy
 * balances between them without session affinity (see ClusterFixture). Whatever a client does through one member must
 * hold on the other, and a member that dies must cost the clients nothing but a reconnect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String STREAM = "/api/events/stream?types=execution&servers=everything";
    /** How soon a change made through one member must hold on the other. */
    private static final Duration PROPAGATION = Duration.ofSeconds(2);

    static GatewayClient a;
    static GatewayClient b;

    @BeforeAll
    static void ready() {
        a = GatewayFixture.readyGateway(ClusterFixture.url1());
        b = GatewayFixture.readyGateway(ClusterFixture.url3());
        GatewayFixture.awaitState(a, "everything", "HEALTHY", Duration.ofSeconds(60));
        GatewayFixture.awaitState(b, "everything", "HEALTHY", Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void the_status_of_either_member_lists_both_members_with_exactly_one_leader() {
        for (GatewayClient member : List.of(a, b)) {
            await("both members listed").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(ClusterFixture.memberIds(member)).containsExactly(IT1, IT3));
        }
        JsonObject clusterOfA = ClusterFixture.cluster(a);
        JsonObject clusterOfB = ClusterFixture.cluster(b);
        assertThat(clusterOfA.getBoolean("enabled")).isTrue();
        assertThat(clusterOfA.getString("instanceId")).isEqualTo(IT1);
        assertThat(clusterOfB.getString("instanceId")).isEqualTo(IT3);
        assertThat(clusterOfA.getString("store")).isEqualTo("127.0.0.1:6379");
        assertThat(selfOf(clusterOfA)).isEqualTo(IT1);
        assertThat(selfOf(clusterOfB)).isEqualTo(IT3);

        await("one leader, the same on both").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> leaderSeenByA = ClusterFixture.leaders(a);
            assertThat(leaderSeenByA).hasSize(1);
            assertThat(ClusterFixture.leaders(b)).isEqualTo(leaderSeenByA);
        });
        for (JsonObject member : ClusterFixture.members(a)) {
            assertThat(member.getString("version")).as(member.toString()).isNotBlank();
            assertThat(member.getString("startedAt")).as(member.toString()).isNotBlank();
            assertThat(member.getString("heartbeatAt")).as(member.toString()).isNotBlank();
        }
    }

    @Test
    @Order(2)
    void an_execution_through_one_member_reaches_the_event_clients_of_the_other_and_of_the_balancer_with_the_same_ids() {
        ClusterFixture.awaitBalancedOverBoth();
        try (SseClient sseOnB = new SseClient(ClusterFixture.url3(), STREAM, null, Tokens.admin());
                WebSocketClient wsThroughBalancer = new WebSocketClient(ClusterFixture.balancerUrl(), true, Tokens.admin())) {
            assertThat(sseOnB.status()).isEqualTo(200);
            wsThroughBalancer.send("{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"everything\"]}");
            wsThroughBalancer.awaitReply(r -> "subscribed".equals(r.getString("type", null)), Duration.ofSeconds(5));

            String run = UUID.randomUUID().toString();
            List<String> executions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                executions.add(echo(a, run + "-" + i));
            }
            List<Long> sseIds = new ArrayList<>();
            List<Long> wsIds = new ArrayList<>();
            for (String execution : executions) {
                SseClient.Event onB = sseOnB.await(e -> "execution".equals(e.name()) && execution.equals(executionId(e)), PROPAGATION);
                JsonObject onWs = wsThroughBalancer.awaitEnvelope(
                        e -> "execution".equals(e.getString("type")) && execution.equals(e.getJsonObject("data").getString("executionId", null)),
                        PROPAGATION);
                assertThat(onWs.getString("id")).as("the same event id for " + execution + " on SSE of B and WebSocket")
                        .isEqualTo(onB.id());
                sseIds.add(Long.parseLong(onB.id()));
                wsIds.add(Long.parseLong(onWs.getString("id")));
            }
            assertThat(sseIds).as("ids follow the order of the calls").isSorted().doesNotHaveDuplicates();
            assertThat(wsIds).isEqualTo(sseIds);
        }
    }

    @Test
    @Order(3)
    void a_server_registered_through_one_member_is_callable_through_the_other_and_removed_everywhere_when_deleted() {
        String id = "cluster-reg-" + UUID.randomUUID().toString().substring(0, 8);
        String url = "http://127.0.0.1:" + Integer.getInteger("it.mcp.http.port", 18112) + "/mcp";
        try {
            GatewayClient.Reply registered = a.post("/api/servers", """
                    {"id": "%s", "name": "Registered on it1", "transport": "streamable-http", "url": "%s"}""".formatted(id, url));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

            String body = "{\"arguments\": {\"message\": \"through it3\"}}";
            await(id + " callable through it3").atMost(PROPAGATION).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                GatewayClient.Reply call = b.post("/api/tools/" + id + ".echo/execute", body);
                assertThat(call.status()).as(call.toString()).isEqualTo(200);
                assertThat(call.object().getString("status")).isEqualTo("SUCCESS");
            });

            GatewayClient.Reply deleted = b.delete("/api/servers/" + id);
            assertThat(deleted.status()).as(deleted.toString()).isBetween(200, 204);
            await(id + " gone from it1").atMost(PROPAGATION).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.get("/api/servers/" + id + "/status").status() == 404);
            assertThat(a.get("/api/tools/" + id + ".echo").status()).isEqualTo(404);
        } finally {
            a.delete("/api/servers/" + id);
        }
    }

    @Test
    @Order(4)
    void an_access_policy_replaced_through_one_member_is_enforced_by_the_other() throws Exception {
        Path policyFile = Path.of(System.getProperty("it.catalogue")).resolveSibling("access-policy-it.yml");
        String original = Files.readString(policyFile);
        GatewayClient operatorOnA = new GatewayClient(ClusterFixture.url1(), Tokens.operator());
        String call = "{\"arguments\": {\"message\": \"policy\"}}";
        GatewayClient.Reply before = operatorOnA.post("/api/tools/everything-http.echo/execute", call);
        assertThat(before.status()).as("allowed by the IT policy: " + before).isEqualTo(200);
        try {
            GatewayClient.Reply replaced = b.put("/api/access-policy", "application/yaml", """
                    rules:
                      - description: cluster test, operators may not echo over Streamable HTTP
                        roles: [operator]
                        tools: ["everything-http.echo"]
                        allow: false
                      - roles: [admin]
                        tools: ["*"]
                        allow: true
                      - roles: [operator]
                        tools: ["everything.*", "everything-http.*", "everything-sse.*"]
                        allow: true
                    """);
            assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

            await("it1 refuses what the policy replaced on it3 forbids").atMost(PROPAGATION).pollInterval(Duration.ofMillis(100))
                    .until(() -> operatorOnA.post("/api/tools/everything-http.echo/execute", call).status() == 403);
            assertThat(a.get("/api/access-policy").object().getJsonArray("rules")).hasSize(3);
        } finally {
            GatewayClient.Reply restored = a.put("/api/access-policy", "application/yaml", original);
            assertThat(restored.status()).as("original policy restored: " + restored).isEqualTo(200);
            await("original policy back on both").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    operatorOnA.post("/api/tools/everything-http.echo/execute", call).status() == 200
                            && new GatewayClient(ClusterFixture.url3(), Tokens.operator())
                                    .post("/api/tools/everything-http.echo/execute", call).status() == 200);
        }
    }

    @Test
    @Order(5)
    void a_cached_read_through_one_member_after_a_write_through_the_other_is_fresh() {
        String run = "cluster-cache-" + UUID.randomUUID().toString().substring(0, 8);
        createEntity(a, run + "-first");

        assertThat(graphEntities(b).entities()).as("read through it3 after the write through it1").contains(run + "-first");
        Graph again = graphEntities(b);
        assertThat(again.cached()).as("read_graph is read-only, so the second read through it3 comes from the cache").isTrue();
        assertThat(again.entities()).contains(run + "-first");

        createEntity(a, run + "-second");
        Graph afterWrite = graphEntities(b);
        assertThat(afterWrite.entities()).as("the read through it3 right after the second write through it1 (cached: "
                + afterWrite.cached() + ")").contains(run + "-first", run + "-second");
    }

    @Test
    @Order(6)
    void a_client_reconnecting_to_the_other_member_with_last_event_id_gets_every_missed_event_once_and_in_order() {
        String run = UUID.randomUUID().toString();
        try (SseClient witness = new SseClient(ClusterFixture.url3(), STREAM, null, Tokens.admin())) {
            String lastId;
            try (SseClient onA = new SseClient(ClusterFixture.url1(), STREAM, null, Tokens.admin())) {
                String before = echo(a, run + "-before");
                lastId = onA.await(e -> "execution".equals(e.name()) && before.equals(executionId(e)), Duration.ofSeconds(10)).id();
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                expected.add(echo(i % 2 == 0 ? a : b, run + "-missed-" + i)); // published by both members while away
            }
            try (SseClient onB = new SseClient(ClusterFixture.url3(), STREAM, lastId, Tokens.admin())) {
                assertThat(onB.status()).isEqualTo(200);
                for (int i = 0; i < 6; i++) {
                    expected.add(echo(i % 2 == 0 ? a : b, run + "-live-" + i));
                }
                awaitAfter(witness, lastId, expected.size());
                awaitAfter(onB, lastId, expected.size());
                McpServerProcess.sleep(500); // time for a duplicate to show

                List<SseClient.Event> replayed = after(onB, lastId);
                assertThat(replayed.stream().map(ClusterFixture::executionId).toList())
                        .as("every missed and live execution exactly once").containsExactlyInAnyOrderElementsOf(expected);
                assertThat(replayed.stream().map(e -> Long.parseLong(e.id())).toList()).isSorted().doesNotHaveDuplicates();
                assertThat(replayed.stream().map(e -> e.id() + " " + executionId(e)).toList())
                        .as("in the order of the cluster's event log, as a client connected throughout saw it")
                        .containsExactlyElementsOf(after(witness, lastId).stream().map(e -> e.id() + " " + executionId(e)).toList());
                assertThat(onB.events("events_lost")).isEmpty();
            }
        }
    }

    @Test
    @Order(7)
    void fifty_calls_through_the_balancer_all_succeed_and_are_served_by_both_members() {
        GatewayClient balancerAsAdmin = ClusterFixture.awaitBalancedOverBoth();
        String principal = "it-cluster-lb-" + UUID.randomUUID().toString().substring(0, 8);
        GatewayClient balancer = new GatewayClient(ClusterFixture.balancerUrl(), Tokens.of(principal, "admin"));
        long callsOnA = callsLast24h(a);
        long callsOnB = callsLast24h(b);

        Map<String, Integer> perBackend = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            GatewayClient.Reply reply = ClusterFixture.echoReply(balancer, principal + "-" + i);
            perBackend.merge(String.valueOf(ClusterFixture.backendOf(reply)), 1, Integer::sum);
        }
        assertThat(perBackend).as("round robin without affinity").containsOnlyKeys(IT1, IT3);
        assertThat(perBackend.get(IT1)).isGreaterThanOrEqualTo(20);
        assertThat(perBackend.get(IT3)).isGreaterThanOrEqualTo(20);
        assertThat(callsLast24h(a) - callsOnA).as("calls counted by it1").isGreaterThanOrEqualTo(perBackend.get(IT1));
        assertThat(callsLast24h(b) - callsOnB).as("calls counted by it3").isGreaterThanOrEqualTo(perBackend.get(IT3));

        await("all 50 calls in the shared audit log").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            GatewayClient.Reply page = balancerAsAdmin.get("/api/executions?principal=" + principal + "&limit=100");
            return page.status() == 200 && rows(page).size() == 50;
        });
        List<JsonObject> rows = rows(a.get("/api/executions?principal=" + principal + "&limit=100"));
        assertThat(rows).as("it1 reads the rows it3 wrote too").hasSize(50);
        if (rows.get(0).containsKey("instanceId")) {
            assertThat(rows.stream().map(r -> r.getString("instanceId")).distinct().sorted().toList()).containsExactly(IT1, IT3);
        }
    }

    /**
     * Last: kills gateway-it3 with SIGKILL under load, and starts it again afterwards so the build can stop it.
     */
    @Test
    @Order(8)
    void when_a_member_is_killed_streaming_clients_reconnect_through_the_balancer_without_missing_events_and_the_other_takes_over()
            throws Exception {
        GatewayClient balancer = ClusterFixture.awaitBalancedOverBoth();
        String run = UUID.randomUUID().toString();
        SseClient first = null;
        SseClient second = null;
        AtomicBoolean calling = new AtomicBoolean(true);
        List<String> succeeded = new CopyOnWriteArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        Thread caller = new Thread(() -> {
            for (int i = 0; calling.get(); i++) {
                try {
                    GatewayClient.Reply reply = balancer.post("/api/tools/everything.echo/execute",
                            "{\"arguments\": {\"message\": \"" + run + "-" + i + "\"}}");
                    if (reply.status() == 200 && "SUCCESS".equals(reply.object().getString("status", null))) {
                        succeeded.add(reply.object().getString("executionId"));
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
                McpServerProcess.sleep(100);
            }
        }, "cluster-caller");
        try {
            first = streamServedBy(IT3);
            caller.start();
            SseClient firstStream = first;
            await("events before the kill").atMost(Duration.ofSeconds(10)).until(() -> firstStream.events("execution").size() >= 5);

            ProcessHandle it3 = Processes.libertyServer(ClusterFixture.IT3_SERVER);
            long killedAt = System.nanoTime();
            Processes.signal(it3, "KILL");
            await("it3 gone").atMost(Duration.ofSeconds(10)).until(() -> !it3.isAlive());

            await("the stream through the balancer breaks with it3").atMost(Duration.ofSeconds(10)).until(firstStream::ended);
            String lastId = first.lastEventId();
            assertThat(lastId).isNotNull();
            second = new SseClient(ClusterFixture.balancerUrl(), STREAM, lastId, Tokens.admin());
            assertThat(second.status()).as("reconnected through the balancer").isEqualTo(200);
            assertThat(second.header(ClusterFixture.BACKEND_HEADER)).contains(IT1);

            McpServerProcess.sleep(3000); // calls go on, now all on it1
            calling.set(false);
            caller.join(70_000);
            assertThat(succeeded.size()).as("calls that succeeded (" + failed.get() + " failed while it3 died)").isGreaterThan(20);

            SseClient reconnected = second;
            List<String> expected = List.copyOf(succeeded);
            await("every successful call's event on the stream").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> acrossReconnect(firstStream, reconnected, lastId).stream().map(ClusterFixture::executionId)
                            .toList().containsAll(expected));
            McpServerProcess.sleep(500); // time for a duplicate to show
            List<SseClient.Event> all = acrossReconnect(first, second, lastId);
            assertThat(all.stream().map(ClusterFixture::executionId).toList()).as("each execution exactly once across the reconnect")
                    .doesNotHaveDuplicates().containsAll(expected);
            assertThat(all.stream().map(e -> Long.parseLong(e.id())).toList()).as("ids increase across the reconnect")
                    .isSorted().doesNotHaveDuplicates();
            assertThat(second.events("events_lost")).isEmpty();

            await("it1 drops it3 from the members").atMost(remaining(killedAt, Duration.ofSeconds(13))).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> ClusterFixture.memberIds(a).equals(List.of(IT1)));
            await("the leader lease on it1").atMost(remaining(killedAt, Duration.ofSeconds(15))).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> ClusterFixture.leaders(a).equals(List.of(IT1)));
        } finally {
            calling.set(false);
            caller.join(70_000);
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            if (!it3Running()) {
                ClusterFixture.restartIt3();
            }
        }
        await("it3 back in the cluster").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ClusterFixture.memberIds(a).equals(List.of(IT1, IT3)));
    }

    /** The member a status was taken on, as its members list marks it. */
    private static String selfOf(JsonObject cluster) {
        List<String> self = cluster.getJsonArray("members").stream().map(JsonValue::asJsonObject)
                .filter(m -> m.getBoolean("self", false)).map(m -> m.getString("id")).toList();
        assertThat(self).as("exactly one member marked self: " + cluster).hasSize(1);
        return self.get(0);
    }

    private static boolean it3Running() {
        try {
            return Processes.libertyServer(ClusterFixture.IT3_SERVER).isAlive();
        } catch (AssertionError none) {
            return false;
        }
    }

    /** An SSE stream through the balancer that HAProxy sent to {@code member} (round robin: a few tries at most). */
    private static SseClient streamServedBy(String member) {
        for (int attempt = 0; attempt < 6; attempt++) {
            SseClient client = new SseClient(ClusterFixture.balancerUrl(), STREAM, null, Tokens.admin());
            if (client.status() == 200 && client.header(ClusterFixture.BACKEND_HEADER).filter(member::equals).isPresent()) {
                return client;
            }
            client.close();
        }
        throw new AssertionError("the balancer never sent an event stream to " + member);
    }

    private static Duration remaining(long sinceNanos, Duration budget) {
        long left = budget.toNanos() - (System.nanoTime() - sinceNanos);
        return Duration.ofNanos(Math.max(left, Duration.ofMillis(100).toNanos()));
    }

    /** What a client saw of the executions: everything on the first connection, then what came after lastId. */
    private static List<SseClient.Event> acrossReconnect(SseClient first, SseClient second, String lastId) {
        return Stream.concat(first.events("execution").stream(), after(second, lastId).stream()).toList();
    }

    private static long callsLast24h(GatewayClient member) {
        return member.get("/api/status").object().getJsonObject("executions").getJsonObject("24h").getJsonNumber("calls").longValue();
    }

    private static List<JsonObject> rows(GatewayClient.Reply page) {
        return page.object().getJsonArray("items").stream().map(JsonValue::asJsonObject).toList();
    }

    private static void createEntity(GatewayClient member, String name) {
        String body = Json.createObjectBuilder().add("arguments", Json.createObjectBuilder().add("entities", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("name", name).add("entityType", "cluster-test")
                        .add("observations", Json.createArrayBuilder().add("written through one member"))))).build().toString();
        GatewayClient.Reply reply = member.post("/api/tools/memory.create_entities/execute", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.object().getString("status")).as(reply.toString()).isEqualTo("SUCCESS");
    }

    private record Graph(List<String> entities, boolean cached) {
    }

    private static Graph graphEntities(GatewayClient member) {
        GatewayClient.Reply reply = member.post("/api/tools/memory.read_graph/execute", "{\"arguments\": {}}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject result = reply.object();
        List<String> names = result.getJsonObject("result").getJsonObject("structuredContent").getJsonArray("entities").stream()
                .map(e -> e.asJsonObject().getString("name")).collect(Collectors.toList());
        return new Graph(names, result.getBoolean("cached"));
    }

    private static List<SseClient.Event> after(List<SseClient.Event> events, String lastId) {
        return events.stream().filter(e -> e.id() != null && Long.parseLong(e.id()) > Long.parseLong(lastId)).toList();
    }

    private static List<SseClient.Event> after(SseClient client, String lastId) {
        return after(client.events("execution"), lastId);
    }

    private static void awaitAfter(SseClient client, String lastId, int count) {
        client.await(e -> after(client, lastId).size() >= count, Duration.ofSeconds(30));
    }
}
