package dev.mcphybrid.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * The client a tool call came from, as far as a downstream server may ask it things during the call:
 * {@code sampling/createMessage} and {@code elicitation/create} go to it, and its answer back to the server.
 */
public interface ClientRequests {

    /** Nobody to ask: a REST call, a workflow step, the gateway itself. */
    ClientRequests NONE = new ClientRequests() {
        @Override
        public String owner() {
            return null;
        }

        @Override
        public boolean samples() {
            return false;
        }

        @Override
        public boolean elicits() {
            return false;
        }

        @Override
        public Mono<McpSchema.CreateMessageResult> createMessage(McpSchema.CreateMessageRequest request) {
            return Mono.error(new IllegalStateException("no client to ask"));
        }

        @Override
        public Mono<McpSchema.ElicitResult> elicit(McpSchema.ElicitRequest request) {
            return Mono.error(new IllegalStateException("no client to ask"));
        }
    };

    /** Which client session this is: a server's request goes to a client only when no other's call runs beside it. */
    String owner();

    /** Whether the client declared the sampling capability. */
    boolean samples();

    /** Whether the client declared the elicitation capability. */
    boolean elicits();

    Mono<McpSchema.CreateMessageResult> createMessage(McpSchema.CreateMessageRequest request);

    Mono<McpSchema.ElicitResult> elicit(McpSchema.ElicitRequest request);
}
