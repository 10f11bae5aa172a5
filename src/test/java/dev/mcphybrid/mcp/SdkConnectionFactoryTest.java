package dev.mcphybrid.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcphybrid.registry.ServerDefinition;
import dev.mcphybrid.registry.TargetPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The target check sits on the request path of the SDK's HTTP transports: a refused target gets no request. */
class SdkConnectionFactoryTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void server() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SdkConnectionFactory factory(boolean allowLoopback) throws Exception {
        TargetPolicy policy = new TargetPolicy();
        set(policy, "allowLoopback", allowLoopback);
        set(policy, "allowedHosts", Optional.empty());
        SdkConnectionFactory factory = new SdkConnectionFactory();
        factory.gatewayHome = ".";
        factory.connectTimeoutMs = 3000;
        factory.requestTimeoutMs = 3000;
        factory.targetCheck = policy;
        return factory;
    }

    private ServerDefinition runtime(Transport transport, String path) {
        return new ServerDefinition("remote", "Remote", transport, "http://127.0.0.1:" + server.getAddress().getPort() + path,
                null, null, null, null, null, null, null, null, true, ServerDefinition.Origin.RUNTIME);
    }

    @Test
    void a_refused_target_is_never_sent_a_request_over_streamable_http() throws Exception {
        McpConnection connection = factory(false).open(runtime(Transport.STREAMABLE_HTTP, "/mcp").endpoint(), new McpSessionListener() { });
        try {
            assertThatThrownBy(() -> connection.initialize(java.time.Duration.ofSeconds(5))).rootCause().hasMessageContaining("target not allowed");
        } finally {
            connection.close();
        }
        assertThat(requests.get()).isZero();
    }

    @Test
    void a_refused_target_is_never_sent_a_request_over_sse() throws Exception {
        McpConnection connection = factory(false).open(runtime(Transport.SSE, "/sse").endpoint(), new McpSessionListener() { });
        try {
            // the SDK's SSE transport turns the refused GET into a handshake that never completes
            assertThatThrownBy(() -> connection.initialize(java.time.Duration.ofSeconds(5))).isInstanceOf(RuntimeException.class);
        } finally {
            connection.close();
        }
        assertThat(requests.get()).isZero();
    }

    @Test
    void an_allowed_target_is_reached() throws Exception {
        McpConnection connection = factory(true).open(runtime(Transport.STREAMABLE_HTTP, "/mcp").endpoint(), new McpSessionListener() { });
        try {
            assertThatThrownBy(() -> connection.initialize(java.time.Duration.ofSeconds(5))).isInstanceOf(RuntimeException.class); // the test server answers 500
        } finally {
            connection.close();
        }
        assertThat(requests.get()).isPositive();
    }

    @Test
    void an_http_target_is_connected_to_at_the_address_that_was_checked() throws Exception {
        SdkConnectionFactory factory = factory(true);
        // a name only the policy's resolver knows: had the HTTP client looked it up again, no request would arrive
        Class<?> resolver = Class.forName("dev.mcphybrid.registry.TargetPolicy$Resolver");
        set(factory.targetCheck, "resolver", java.lang.reflect.Proxy.newProxyInstance(resolver.getClassLoader(),
                new Class<?>[] {resolver}, (proxy, method, args) -> new InetAddress[] {InetAddress.getLoopbackAddress()}));
        String authority = "checked.invalid:" + server.getAddress().getPort();
        ServerDefinition definition = new ServerDefinition("remote", "Remote", Transport.STREAMABLE_HTTP, "http://" + authority + "/mcp",
                null, null, null, null, null, null, null, null, true, ServerDefinition.Origin.RUNTIME);
        McpConnection connection = factory.open(definition.endpoint(), new McpSessionListener() { });
        Throwable failure;
        try {
            // the test server answers 500, so the handshake fails as soon as a request arrives; the time covers a cold, busy JVM
            failure = org.assertj.core.api.Assertions.catchThrowable(() -> connection.initialize(java.time.Duration.ofSeconds(20)));
        } finally {
            connection.close();
        }
        assertThat(requests.get()).as("requests that arrived (the session ended with %s)", failure).isPositive();
        assertThat(hosts).as("the Host header names the registered host").containsOnly(authority);
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        var f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
