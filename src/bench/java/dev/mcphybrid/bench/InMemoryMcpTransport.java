package dev.mcphybrid.bench;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * An MCP server and client joined in memory (the SDK has no such transport), for benchmarks that should
 * measure the gateway rather than a network. Messages are copied through JSON as a wire would carry them.
 * {@link #hang()} makes the server stop answering, like a process that is stuck.
 */
public final class InMemoryMcpTransport implements McpServerTransportProvider {

    private static final Scheduler CLIENT_TO_SERVER = Schedulers.newParallel("bench-c2s", 2, true);
    private static final Scheduler SERVER_TO_CLIENT = Schedulers.newParallel("bench-s2c", 2, true);

    private final McpJsonMapper mapper;
    private volatile McpServerSession.Factory sessionFactory;
    private volatile McpServerSession session;
    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> clientHandler;
    private volatile boolean hung;

    public InMemoryMcpTransport(McpJsonMapper mapper) {
        this.mapper = mapper;
    }

    public void hang() {
        hung = true;
    }

    private McpSchema.JSONRPCMessage copy(McpSchema.JSONRPCMessage message) {
        try {
            return McpSchema.deserializeJsonRpcMessage(mapper, mapper.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        this.sessionFactory = factory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession current = session;
        return current == null ? Mono.empty() : current.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        McpServerSession current = session;
        return current == null ? Mono.empty() : current.closeGracefully();
    }

    private final McpServerTransport serverSide = new McpServerTransport() {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            McpSchema.JSONRPCMessage copied = copy(message);
            return Mono.fromRunnable(() -> clientHandler.apply(Mono.just(copied)).subscribe()).subscribeOn(SERVER_TO_CLIENT).then();
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return mapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    };

    public McpClientTransport clientTransport() {
        return new McpClientTransport() {
            @Override
            public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
                return Mono.fromRunnable(() -> {
                    clientHandler = handler;
                    session = sessionFactory.create(serverSide);
                });
            }

            @Override
            public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
                if (hung) {
                    return Mono.empty(); // swallowed: the server never answers
                }
                McpSchema.JSONRPCMessage copied = copy(message);
                return Mono.fromRunnable(() -> session.handle(copied).subscribe()).subscribeOn(CLIENT_TO_SERVER).then();
            }

            @Override
            public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
                return mapper.convertValue(data, typeRef);
            }

            @Override
            public Mono<Void> closeGracefully() {
                return InMemoryMcpTransport.this.closeGracefully();
            }
        };
    }
}
