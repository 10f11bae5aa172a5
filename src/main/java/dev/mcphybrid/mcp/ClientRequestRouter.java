package dev.mcphybrid.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Sends a downstream server's {@code sampling/createMessage} and {@code elicitation/create} to the client whose tool
 * call the server is working on. MCP ties such a request to the call only on the wire of some transports, and the
 * gateway shares one session per server among all its callers, so the request goes to the one client whose calls
 * are running on the session; while calls of several clients run on it at once the request is refused rather than
 * shown to a client it may not be meant for.
 */
final class ClientRequestRouter {

    /** Running calls by progress token, with the client each came from. */
    private final Map<Object, ClientRequests> running = new ConcurrentHashMap<>();

    void register(Object token, ClientRequests client) {
        running.put(token, client == null ? ClientRequests.NONE : client);
    }

    void unregister(Object token) {
        running.remove(token);
    }

    Mono<McpSchema.CreateMessageResult> sampling(McpSchema.CreateMessageRequest request) {
        return Mono.defer(() -> only(ClientRequests::samples, "sampling").createMessage(request));
    }

    Mono<McpSchema.ElicitResult> elicitation(McpSchema.ElicitRequest request) {
        return Mono.defer(() -> only(ClientRequests::elicits, "elicitation").elicit(request));
    }

    private ClientRequests only(Predicate<ClientRequests> able, String what) {
        Set<String> owners = running.values().stream().map(ClientRequests::owner).filter(Objects::nonNull).collect(Collectors.toSet());
        if (owners.size() > 1) {
            throw refused("calls of " + owners.size() + " clients are running on this server's session; the gateway cannot tell "
                    + "which one this " + what + " request is for");
        }
        return running.values().stream().filter(client -> client.owner() != null).findFirst().filter(able)
                .orElseThrow(() -> refused(owners.isEmpty() ? "no MCP client's call is running on this server's session to ask for " + what
                        : "the client of the running call does not support " + what));
    }

    private static McpError refused(String why) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("The gateway cannot pass this request on: " + why).build();
    }
}
