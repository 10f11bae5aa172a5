package dev.mcphybrid.upstream;

import dev.mcphybrid.problem.ErrorPageServlet;
import dev.mcphybrid.problem.Problem;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Sits in front of one Streamable HTTP endpoint's SDK servlet and makes its sessions the gateway's: it records each
 * session the SDK starts with the principal that initialized it, answers 404 to anyone else, and, in a cluster,
 * serves a session this instance has never seen by rebuilding it from the shared store: the recorded initialize
 * request is replayed to this instance's SDK server, and the client's requests go to the SDK session that answered,
 * under the id the client knows. The SDK names its sessions itself (a random UUID, with no way to choose it), so
 * only on the instance that initialized a session are the two ids the same.
 */
final class McpSessionFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(McpSessionFilter.class.getName());
    static final String SESSION_ID = "Mcp-Session-Id";
    /** The SDK's own limit; a larger body goes to the SDK unread, which refuses it. */
    private static final int MAX_BODY = 16 * 1024 * 1024;
    /** JSON-RPC errors of the server's range: the session is unknown here, or the shared store did not answer. */
    static final int SESSION_NOT_FOUND = -32001;
    static final int SESSION_STORE_UNAVAILABLE = -32002;
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private final String endpoint;
    private final HttpServlet transport;
    private final McpSessions sessions;
    private final Function<HttpServletRequest, String> principals;
    private final RunningCalls calls;

    /**
     * @param endpoint   the path this filter guards, /mcp or /mcp/{virtual}
     * @param transport  the SDK's servlet for it
     * @param principals who is calling: the same name audit rows carry, "anonymous" when authentication is off
     * @param calls      the tools/call requests running here, which a client's notifications/cancelled stops
     */
    McpSessionFilter(String endpoint, HttpServlet transport, McpSessions sessions, Function<HttpServletRequest, String> principals,
                     RunningCalls calls) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.sessions = sessions;
        this.principals = principals;
        this.calls = calls;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String method = request.getMethod();
        boolean post = "POST".equals(method);
        if (!post && !"GET".equals(method) && !"DELETE".equals(method)
                || post && request.getContentLengthLong() > MAX_BODY) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = post ? request.getInputStream().readNBytes(MAX_BODY + 1) : null;
        String id = request.getHeader(SESSION_ID);
        if (id == null || id.isBlank()) {
            JsonRpcPeek message = JsonRpcPeek.of(body);
            if (message.isInitialize()) {
                initialize(request, response, chain, body, message);
            } else {
                chain.doFilter(post ? new SessionRequest(request, body, null) : request, response); // the SDK says what is missing
            }
            return;
        }
        // the SDK parses the message; the filter needs its id only to answer with an error, so it reads it only then
        Lazy message = new Lazy(body);
        McpSessions.Held session;
        try {
            session = sessions.find(id, principals.apply(request), endpoint);
        } catch (SessionStoreUnavailable e) {
            LOG.fine(() -> "MCP session " + id + " cannot be looked up: " + e.getMessage());
            unavailable(request, response, message.get());
            return;
        }
        if (session == null) {
            notFound(request, response, message.get());
            return;
        }
        if (post) {
            calls.inspect(request, id, body);
        }
        if (sessions.clustered()) {
            clustered(request, response, chain, body, message, session);
            return;
        }
        chain.doFilter(post ? new SessionRequest(request, body, id) : request, response);
        if ("DELETE".equals(method) && response.getStatus() < 300 || response.getStatus() == HttpServletResponse.SC_NOT_FOUND) {
            sessions.deleted(id); // the client ended it, or the SDK dropped it: either way it is over
        }
    }

    /** Lets the SDK start the session, and answers only once the session is recorded where every instance finds it. */
    private void initialize(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body,
                            JsonRpcPeek message) throws IOException, ServletException {
        CapturedResponse answer = new CapturedResponse(response);
        McpStreamableServerSession sdk;
        String version;
        try (SessionCapture capture = SessionCapture.begin()) {
            chain.doFilter(new SessionRequest(request, body, null), answer);
            sdk = capture.session();
            version = capture.protocolVersion();
        }
        String id = answer.header(SESSION_ID);
        if (answer.status() == HttpServletResponse.SC_OK && sdk != null && sdk.getId().equals(id)) {
            McpSession session = new McpSession(id, principals.apply(request), endpoint, version, message.paramsJson(),
                    System.currentTimeMillis(), sessions.instanceId());
            try {
                sessions.created(session, sdk);
            } catch (SessionStoreUnavailable e) {
                LOG.warning("MCP session not started: the session store did not answer: " + e.getMessage());
                discard(request, response, id);
                unavailable(request, response, message);
                return;
            }
        }
        answer.copyTo(response);
    }

    /**
     * Runs the request on this instance's SDK session for it, building one first if there is none; and once more
     * on a new one when the SDK has dropped its session meanwhile (idle, or after a stream broke).
     */
    private void clustered(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body,
                           Lazy message, McpSessions.Held session) throws IOException, ServletException {
        String id = session.session.id();
        boolean delete = "DELETE".equals(request.getMethod());
        if (delete && session.sdk == null) {
            sessions.deleted(id); // nothing of it runs here
            response.setStatus(HttpServletResponse.SC_OK);
            return;
        }
        // a client's answer to a server request (no method) may answer another member: read only if the SDK refuses it
        BooleanSupplier clientAnswer = () -> message.get().method() == null && message.get().id() != null;
        for (int attempt = 0; attempt < 2; attempt++) {
            McpStreamableServerSession sdk = session.sdk != null ? session.sdk : rebuild(request, response, session);
            if (sdk == null) {
                notFound(request, response, message.get());
                return;
            }
            NotFoundGuard guarded = new NotFoundGuard(response, clientAnswer);
            SessionRequest forwarded = new SessionRequest(request, body, sdk.getId());
            if (attempt == 0) {
                chain.doFilter(forwarded, guarded);
            } else {
                transport.service(forwarded, guarded);
            }
            if (delete) {
                sessions.deleted(id);
                if (guarded.notFound()) {
                    response.setStatus(HttpServletResponse.SC_OK);
                }
                return;
            }
            if (guarded.strayAnswer()) {
                // answering a ping another member sent; nobody here waits for it (docs/mcp-endpoint.md, "Sessions")
                LOG.fine(() -> "MCP session " + id + ": a client's answer to a request this instance did not send");
                response.setStatus(HttpServletResponse.SC_ACCEPTED);
                return;
            }
            if (!guarded.notFound()) {
                return;
            }
            synchronized (session) {
                if (session.sdk == sdk) {
                    session.sdk = null;
                }
            }
        }
        notFound(request, response, message.get());
    }

    /** The request's JSON-RPC members, read only if an error answer needs its id. */
    private static final class Lazy {
        private final byte[] body;
        private JsonRpcPeek peek;

        Lazy(byte[] body) {
            this.body = body;
        }

        JsonRpcPeek get() {
            if (peek == null) {
                peek = JsonRpcPeek.of(body);
            }
            return peek;
        }
    }

    /** An SDK session equivalent to the recorded one, started by replaying its initialize; null if this instance cannot. */
    private McpStreamableServerSession rebuild(HttpServletRequest request, HttpServletResponse response, McpSessions.Held session)
            throws IOException, ServletException {
        synchronized (session) {
            if (session.sdk != null) {
                return session.sdk;
            }
            McpSession recorded = session.session;
            CapturedResponse answer = new CapturedResponse(response);
            McpStreamableServerSession sdk;
            String version;
            try (SessionCapture capture = SessionCapture.begin()) {
                transport.service(SessionRequest.synthetic(request, "POST", recorded.initializeRequest(), null), answer);
                sdk = capture.session();
                version = capture.protocolVersion();
            }
            if (answer.status() != HttpServletResponse.SC_OK || sdk == null) {
                LOG.warning("MCP session " + recorded.id() + " could not be rebuilt here: the initialize replay got HTTP " + answer.status());
                return null;
            }
            if (!Objects.equals(version, recorded.protocolVersion())) {
                // another version of the gateway negotiated it: the client starts over with one this instance speaks
                LOG.info("MCP session " + recorded.id() + " speaks protocol " + recorded.protocolVersion() + ", this instance " + version);
                discard(request, response, sdk.getId());
                return null;
            }
            transport.service(SessionRequest.synthetic(request, "POST", INITIALIZED, sdk.getId()), new CapturedResponse(response));
            LOG.fine(() -> "MCP session " + recorded.id() + " of " + recorded.createdBy() + " now also runs here as " + sdk.getId());
            session.sdk = sdk;
            return sdk;
        }
    }

    /** Ends an SDK session that no client will use, through the SDK's own DELETE. */
    private void discard(HttpServletRequest request, HttpServletResponse response, String sdkId) throws IOException, ServletException {
        transport.service(SessionRequest.synthetic(request, "DELETE", null, sdkId), new CapturedResponse(response));
    }

    /** What the protocol prescribes for a session the server does not know: 404, after which the client initializes anew. */
    private static void notFound(HttpServletRequest request, HttpServletResponse response, JsonRpcPeek message) throws IOException {
        if ("POST".equals(request.getMethod())) {
            JsonRpcAnswers.error(response, HttpServletResponse.SC_NOT_FOUND, message.answerId(), SESSION_NOT_FOUND,
                    "Session not found: it ended, expired or belongs to someone else; initialize a new one");
        } else {
            ErrorPageServlet.write(response, Problem.of(404, "mcp-session-not-found", "MCP session not found",
                    "The session ended, expired or belongs to someone else; initialize a new one")
                    .withInstance(request.getRequestURI()));
        }
    }

    private static void unavailable(HttpServletRequest request, HttpServletResponse response, JsonRpcPeek message) throws IOException {
        response.setHeader("Retry-After", "1");
        String detail = "The gateway's session store is unavailable; try again shortly";
        if ("POST".equals(request.getMethod())) {
            JsonRpcAnswers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message.answerId(), SESSION_STORE_UNAVAILABLE, detail);
        } else {
            ErrorPageServlet.write(response, Problem.of(503, "mcp-session-store-unavailable", "MCP session store unavailable", detail)
                    .withInstance(request.getRequestURI()));
        }
    }
}
