package dev.mcphybrid.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Sends each progress notification of a session to the call that asked for it, by progress token. */
final class ProgressRouter {

    private final Map<Object, Consumer<Progress>> listeners = new ConcurrentHashMap<>();

    void register(Object token, Consumer<Progress> listener) {
        if (listener != null) {
            listeners.put(token, listener);
        }
    }

    void unregister(Object token) {
        listeners.remove(token);
    }

    void deliver(McpSchema.ProgressNotification notification) {
        Consumer<Progress> listener = listeners.get(notification.progressToken());
        if (listener != null) {
            listener.accept(new Progress(notification.progress(), notification.total(), notification.message()));
        }
    }
}
