package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Two instances of the gateway, each a session filter in front of a stand-in for the SDK's servlet that behaves like
 * it where it matters: initialize starts a session under a random id, anything else needs a session it knows.
 */
class McpSessionFilterTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FakeSharedSessions store = new FakeSharedSessions();
    private final Instance a = new Instance(new McpSessions(store, Duration.ofMinutes(30), "a", now::get));
    private final Instance b = new Instance(new McpSessions(store, Duration.ofMinutes(30), "b", now::get));

    @Test
    void a_session_initialized_on_one_instance_serves_requests_on_another() throws Exception {
        String id = a.initialize("alice");
        assertThat(store.entries.get(id).principal()).isEqualTo("alice");

        Answer answer = b.send("POST", id, "alice", LIST);
        assertThat(answer.status).isEqualTo(200);
        assertThat(b.sdk.log).hasSize(3);
        assertThat(b.sdk.log.get(0)).as("the recorded initialize, replayed").startsWith("POST initialize -");
        assertThat(b.sdk.log.get(1)).startsWith("POST notifications/initialized ");
        String local = b.sdk.log.get(2).substring("POST tools/list ".length());
        assertThat(b.sdk.log.get(1)).endsWith(local);
        assertThat(local).as("the SDK session b runs it on").isNotEqualTo(id);

        b.send("POST", id, "alice", LIST);
        assertThat(b.sdk.log).as("rebuilt once").hasSize(4).last().isEqualTo("POST tools/list " + local);
        assertThat(a.send("POST", id, "alice", LIST).status).isEqualTo(200);
        assertThat(a.sdk.log).last().isEqualTo("POST tools/list " + id);
    }

    @Test
    void a_clients_answer_to_a_ping_another_instance_sent_is_accepted_not_an_error() throws Exception {
        String id = a.initialize("alice");
        Answer answer = b.send("POST", id, "alice", "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "-0\",\"result\":{}}");
        assertThat(answer.status).isEqualTo(202);
        assertThat(answer.body).isEmpty();
        assertThat(b.sdk.log).last().asString().startsWith("POST answer ");
        assertThat(b.send("POST", id, "alice", LIST).status).as("and the session goes on").isEqualTo(200);
    }

    @Test
    void another_principal_gets_404_on_every_instance() throws Exception {
        String id = a.initialize("alice");
        for (Instance instance : List.of(a, b)) {
            Answer answer = instance.send("POST", id, "bob", LIST);
            assertThat(answer.status).isEqualTo(404);
            assertThat(answer.body).contains("\"id\":2").contains("-32001");
            assertThat(instance.send("GET", id, "bob", null).status).isEqualTo(404);
            assertThat(instance.send("DELETE", id, "bob", null).status).isEqualTo(404);
        }
        assertThat(a.sdk.log).containsExactly("POST initialize -");
        assertThat(b.sdk.log).isEmpty();
        assertThat(a.send("POST", id, "alice", LIST).status).as("still alice's").isEqualTo(200);
    }

    @Test
    void a_delete_on_one_instance_ends_the_session_on_the_other() throws Exception {
        String id = a.initialize("alice");
        assertThat(b.send("POST", id, "alice", LIST).status).isEqualTo(200);
        assertThat(b.send("DELETE", id, "alice", null).status).isEqualTo(200);
        assertThat(store.entries).doesNotContainKey(id);
        assertThat(a.send("POST", id, "alice", LIST).status).isEqualTo(404);
        assertThat(b.send("POST", id, "alice", LIST).status).isEqualTo(404);
    }

    @Test
    void a_session_the_sdk_dropped_is_rebuilt_and_the_request_runs() throws Exception {
        String id = a.initialize("alice");
        a.sdk.sessions.clear(); // evicted as idle, or removed after a stream broke
        Answer answer = a.send("POST", id, "alice", LIST);
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.body).isEqualTo("ok");
        assertThat(a.sdk.log).hasSize(5);
        assertThat(a.sdk.log.get(1)).isEqualTo("POST tools/list " + id + " (unknown)");
        assertThat(a.sdk.log.get(2)).startsWith("POST initialize -");
    }

    @Test
    void an_unknown_session_gets_503_and_a_json_rpc_error_while_the_store_is_down() throws Exception {
        String id = a.initialize("alice");
        store.down = true;
        Answer answer = b.send("POST", id, "alice", LIST);
        assertThat(answer.status).isEqualTo(503);
        assertThat(answer.body).contains("\"id\":2").contains("-32002").doesNotContain("Exception");
        assertThat(b.send("GET", id, "alice", null).body).contains("mcp-session-store-unavailable");
        assertThat(a.send("POST", id, "alice", LIST).status).as("the instance holding it goes on").isEqualTo(200);
    }

    @Test
    void an_initialize_while_the_store_is_down_gets_503_and_leaves_no_session_behind() throws Exception {
        store.down = true;
        Answer answer = a.send("POST", null, "alice", INITIALIZE);
        assertThat(answer.status).isEqualTo(503);
        assertThat(answer.headers).doesNotContainKey("mcp-session-id");
        assertThat(a.sdk.sessions).isEmpty();
    }

    @Test
    void without_a_cluster_requests_reach_the_sdk_unchanged_but_only_from_the_sessions_principal() throws Exception {
        Instance single = new Instance(new McpSessions(null, Duration.ofMinutes(30), "one", now::get));
        String id = single.initialize("alice");
        assertThat(single.send("POST", id, "alice", LIST).status).isEqualTo(200);
        assertThat(single.send("POST", id, "bob", LIST).status).isEqualTo(404);
        assertThat(single.send("DELETE", id, "alice", null).status).isEqualTo(200);
        assertThat(single.send("POST", id, "alice", LIST).status).isEqualTo(404);
        assertThat(single.sdk.log).containsExactly("POST initialize -", "POST tools/list " + id, "DELETE " + id);
        assertThat(store.commands).isEmpty();
    }

    /** One gateway: the session filter, the SDK stand-in behind it, its sessions. */
    private static final class Instance {
        final McpSessions sessions;
        final FakeSdk sdk = new FakeSdk();
        final McpSessionFilter filter;

        Instance(McpSessions sessions) {
            this.sessions = sessions;
            this.filter = new McpSessionFilter("/mcp", sdk, sessions, request -> request.getHeader("X-Who"), new RunningCalls());
        }

        String initialize(String principal) throws Exception {
            Answer answer = send("POST", null, principal, INITIALIZE);
            assertThat(answer.status).isEqualTo(200);
            return answer.headers.get("mcp-session-id");
        }

        Answer send(String method, String sessionId, String principal, String body) throws Exception {
            Map<String, String> headers = new HashMap<>();
            headers.put("x-who", principal);
            headers.put("accept", "application/json, text/event-stream");
            if (sessionId != null) {
                headers.put("mcp-session-id", sessionId);
            }
            Answer answer = new Answer();
            filter.doFilter(request(method, headers, body), answer.response(), (req, res) -> sdk.service(req, res));
            answer.writer.flush();
            answer.body = answer.bytes.toString(StandardCharsets.UTF_8);
            return answer;
        }
    }

    /** Like the SDK's servlet: sessions under random ids, started through the (tracked) session factory. */
    private static final class FakeSdk extends HttpServlet {
        final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
        final List<String> log = new ArrayList<>();
        private McpStreamableServerSession.Factory factory;

        FakeSdk() {
            McpStreamableServerTransportProvider provider = (McpStreamableServerTransportProvider) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {McpStreamableServerTransportProvider.class}, (p, m, args) -> {
                        if (m.getName().equals("setSessionFactory")) {
                            factory = (McpStreamableServerSession.Factory) args[0];
                        }
                        return null;
                    });
            new SessionTrackingTransport(provider).setSessionFactory(request -> {
                McpStreamableServerSession session = new McpStreamableServerSession(UUID.randomUUID().toString(),
                        request.capabilities(), request.clientInfo(), Duration.ofSeconds(5), Map.of(), Map.of());
                return new McpStreamableServerSession.McpStreamableServerSessionInit(session, Mono.just(new McpSchema.InitializeResult(
                        request.protocolVersion(), McpSchema.ServerCapabilities.builder().build(), new McpSchema.Implementation("fake", "1"), null)));
            });
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String id = request.getHeader("Mcp-Session-Id");
            if (request.getMethod().equals("POST")) {
                JsonRpcPeek message = JsonRpcPeek.of(request.getInputStream().readAllBytes());
                if (message.isInitialize()) {
                    log.add("POST initialize -");
                    var init = factory.startSession(new McpSchema.InitializeRequest(message.params().getString("protocolVersion"),
                            McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1")));
                    init.initResult().block();
                    sessions.put(init.session().getId(), init.session());
                    response.setHeader("Mcp-Session-Id", init.session().getId());
                    response.setStatus(200);
                    response.getWriter().write("{\"result\":{}}");
                    return;
                }
                if (!sessions.containsKey(id)) {
                    log.add("POST " + message.method() + " " + id + " (unknown)");
                    response.setContentType("application/json");
                    response.setStatus(404);
                    response.getWriter().write("{\"error\":\"Session not found\"}");
                    return;
                }
                if (message.method() == null) {
                    // as the SDK answers a client's answer to a request this session never sent
                    log.add("POST answer " + id);
                    response.setStatus(500);
                    response.getWriter().write("{\"error\":\"Unexpected response for unknown id\"}");
                    return;
                }
                log.add("POST " + message.method() + " " + id);
                response.setStatus(message.id() == null ? 202 : 200);
                response.getWriter().write("ok");
                return;
            }
            if (!sessions.containsKey(id)) {
                response.sendError(404);
                return;
            }
            log.add(request.getMethod() + " " + id);
            if (request.getMethod().equals("DELETE")) {
                sessions.remove(id);
            }
            response.setStatus(200);
        }
    }

    private static final class Answer {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintWriter writer = new PrintWriter(bytes, true, StandardCharsets.UTF_8);
        String body;

        HttpServletResponse response() {
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "setStatus", "sendError" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "getStatus" -> status;
                        case "setHeader" -> headers.put(((String) args[0]).toLowerCase(Locale.ROOT), (String) args[1]);
                        case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        case "getWriter" -> writer;
                        case "getOutputStream" -> new ServletOutputStream() {
                            @Override
                            public void write(int b) {
                                bytes.write(b);
                            }

                            @Override
                            public boolean isReady() {
                                return true;
                            }

                            @Override
                            public void setWriteListener(WriteListener listener) {
                            }
                        };
                        case "isCommitted" -> false;
                        case "setContentType", "setCharacterEncoding", "setContentLength", "flushBuffer" -> null;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private static HttpServletRequest request(String method, Map<String, String> headers, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        Map<String, Object> attributes = new java.util.HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(McpSessionFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(headers.containsKey(((String) args[0]).toLowerCase(Locale.ROOT))
                            ? List.of(headers.get(((String) args[0]).toLowerCase(Locale.ROOT))) : List.of());
                    case "getContentLengthLong" -> (long) bytes.length;
                    case "getContentLength" -> bytes.length;
                    case "getContentType" -> body == null ? null : "application/json";
                    case "getCharacterEncoding" -> "UTF-8";
                    case "getRequestURI" -> "/mcp";
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getInputStream" -> new ServletInputStream() {
                        @Override
                        public int read() {
                            return in.read();
                        }

                        @Override
                        public boolean isFinished() {
                            return in.available() == 0;
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setReadListener(ReadListener listener) {
                        }
                    };
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
