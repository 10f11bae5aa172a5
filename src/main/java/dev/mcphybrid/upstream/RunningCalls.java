package dev.mcphybrid.upstream;

import dev.mcphybrid.cluster.ConfigChanged;
import dev.mcphybrid.cluster.ConfigNotices;
import dev.mcphybrid.mcp.Cancellation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The {@code tools/call} requests of MCP clients that are running on this instance, by session and JSON-RPC id, so
 * that a client's {@code notifications/cancelled} stops the one it names: the downstream server is told to stop
 * too, the call's bulkhead slot is freed and it is audited as CANCELLED. The Streamable HTTP endpoints only. In a
 * cluster a client's requests may reach any instance: a cancellation for a call that does not run here is passed to
 * the others through the cluster's notices, and the instance running it stops it.
 */
@ApplicationScoped
public class RunningCalls {

    /** The request attribute, and transport context key, naming a tools/call: session and JSON-RPC id. */
    static final String CALL_KEY = "mcp-hybrid.call";

    private static final Logger LOG = Logger.getLogger(RunningCalls.class.getName());
    private static final byte[] TOOLS_CALL = "tools/call".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CANCELLED = "notifications/cancelled".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();

    @Inject
    ConfigNotices notices;

    /**
     * Looks at a POST of session {@code sessionId} before the SDK does: a tools/call gets its key as a request
     * attribute, a cancellation cancels the call it names. Only bodies that mention either are parsed here.
     *
     */
    void inspect(HttpServletRequest request, String sessionId, byte[] body) {
        if (body == null || sessionId == null) {
            return;
        }
        if (contains(body, TOOLS_CALL)) {
            JsonRpcPeek message = JsonRpcPeek.head(body);
            if ("tools/call".equals(message.method()) && message.id() != null) {
                request.setAttribute(CALL_KEY, key(sessionId, message.id()));
            }
        } else if (contains(body, CANCELLED)) {
            JsonRpcPeek message = JsonRpcPeek.of(body);
            JsonObject params = message.params();
            if ("notifications/cancelled".equals(message.method()) && params != null && params.get("requestId") != null) {
                String reason = params.get("reason") instanceof JsonString text ? text.getString() : null;
                cancel(key(sessionId, params.get("requestId")), reason);
            }
        }
    }

    /** A call starts: what cancels it. */
    Cancellation start(String key) {
        Cancellation cancellation = Cancellation.none();
        running.put(key, cancellation);
        return cancellation;
    }

    /** A call ended, whichever way. */
    void end(String key, Cancellation cancellation) {
        running.remove(key, cancellation);
    }

    /** @return whether a call running here was cancelled; one that is not is passed to the cluster's other instances */
    boolean cancel(String key, String reason) {
        if (cancelHere(key, reason)) {
            return true;
        }
        if (notices != null) {
            LOG.fine(() -> "notifications/cancelled for " + key + ", which is not running here: telling the cluster");
            notices.announce(ConfigChanged.What.CALL_CANCELLED, key + "\n" + (reason == null ? "" : reason));
        }
        return false;
    }

    /** Another instance got a cancellation for a call that may run here. */
    void cancelledElsewhere(@ObservesAsync ConfigChanged change) {
        if (change.what() == ConfigChanged.What.CALL_CANCELLED && change.detail() != null) {
            int newline = change.detail().indexOf('\n');
            String key = newline < 0 ? change.detail() : change.detail().substring(0, newline);
            String reason = newline < 0 || newline == change.detail().length() - 1 ? null : change.detail().substring(newline + 1);
            if (cancelHere(key, reason)) {
                LOG.fine(() -> "Call " + key + " cancelled through " + change.byInstance());
            }
        }
    }

    private boolean cancelHere(String key, String reason) {
        Cancellation cancellation = running.get(key);
        return cancellation != null && cancellation.cancel(reason == null ? "cancelled by the client" : "cancelled by the client: " + reason);
    }

    int size() {
        return running.size();
    }

    /** Ids 1 and "1" are different requests; the JSON text tells them apart. */
    static String key(String sessionId, JsonValue id) {
        return sessionId + ' ' + id;
    }

    private static boolean contains(byte[] body, byte[] needle) {
        outer:
        for (int i = 0; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
