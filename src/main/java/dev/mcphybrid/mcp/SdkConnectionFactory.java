package dev.mcphybrid.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds SDK client sessions for each transport. The JSON mapper and schema validator are created explicitly:
 * the SDK's ServiceLoader defaults depend on the thread context class loader, which differs between threads in
 * an application server.
 */
@ApplicationScoped
public class SdkConnectionFactory implements McpConnectionFactory {

    static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation("mcp-hybrid-server", "0.1.0");

    private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    @Inject
    @ConfigProperty(name = "gateway.home")
    String gatewayHome;

    @Inject
    @ConfigProperty(name = "gateway.mcp.connect-timeout-ms")
    long connectTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.mcp.request-timeout-ms")
    long requestTimeoutMs;

    @Inject
    TargetCheck targetCheck;

    @Override
    public McpConnection open(McpEndpoint endpoint, McpSessionListener listener) {
        McpClientTransport transport = switch (endpoint.transport()) {
            case STDIO -> stdio(endpoint, listener);
            case SSE -> sse(endpoint);
            case STREAMABLE_HTTP -> streamableHttp(endpoint);
        };
        return over(endpoint.serverId(), transport, listener, Duration.ofMillis(requestTimeoutMs), Duration.ofMillis(connectTimeoutMs));
    }

    /** A session over any SDK client transport; benchmarks use it with in-process servers. */
    public static McpConnection over(String serverId, McpClientTransport transport, McpSessionListener listener,
                                     Duration requestTimeout, Duration initializationTimeout) {
        SdkJson json = new SdkJson(MAPPER);
        CancellingTransport cancelling = new CancellingTransport(transport);
        ProgressRouter progress = new ProgressRouter();
        ClientRequestRouter clients = new ClientRequestRouter();
        McpAsyncClient client = McpClient.async(cancelling)
                .clientInfo(CLIENT_INFO)
                // what the gateway's own clients can do, passed on during their calls (ClientRequestRouter)
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(clients::sampling)
                .elicitation(clients::elicitation)
                .requestTimeout(requestTimeout)
                .initializationTimeout(initializationTimeout)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator())
                .toolsChangeConsumer(tools -> Mono.fromRunnable(
                        () -> listener.toolsChanged(tools.stream().map(json::tool).toList())))
                .loggingConsumer(message -> Mono.fromRunnable(() -> listener.logMessage(
                        message.level() == null ? "info" : message.level().name().toLowerCase(java.util.Locale.ROOT),
                        message.logger(), String.valueOf(message.data()))))
                .progressConsumer(notification -> Mono.fromRunnable(() -> progress.deliver(notification)))
                // the SDK reads an updated resource before it calls this; the URIs read are the updated ones
                .resourcesUpdateConsumer(contents -> Mono.fromRunnable(() -> contents.stream().map(McpSchema.ResourceContents::uri)
                        .filter(java.util.Objects::nonNull).distinct().forEach(listener::resourceUpdated)))
                .build();
        return new SdkMcpConnection(serverId, client, cancelling, progress, clients, MAPPER);
    }

    /** The JSON mapper the gateway's sessions use. */
    public static McpJsonMapper jsonMapper() {
        return MAPPER;
    }

    private McpClientTransport stdio(McpEndpoint definition, McpSessionListener listener) {
        Path home = Path.of(gatewayHome).toAbsolutePath().normalize();
        Path workingDir = definition.workingDir() == null ? home : home.resolve(definition.workingDir()).normalize();
        ServerParameters parameters = ServerParameters.builder(definition.command())
                .args(definition.args())
                .env(definition.env())
                .build();
        StdioClientTransport transport = new WorkingDirStdioTransport(parameters, MAPPER, workingDir, listener);
        transport.setStdErrorHandler(listener::stderrLine);
        return transport;
    }

    private McpClientTransport sse(McpEndpoint definition) {
        Endpoint endpoint = Endpoint.of(definition.url());
        return HttpClientSseClientTransport.builder(endpoint.base())
                .sseEndpoint(endpoint.path())
                .jsonMapper(MAPPER)
                .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .customizeClient(SdkConnectionFactory::neverRedirect)
                .httpRequestCustomizer((builder, method, uri, body, context) -> beforeRequest(builder, definition, uri, context))
                .build();
    }

    private McpClientTransport streamableHttp(McpEndpoint definition) {
        Endpoint endpoint = Endpoint.of(definition.url());
        return HttpClientStreamableHttpTransport.builder(endpoint.base())
                .endpoint(endpoint.path())
                .jsonMapper(MAPPER)
                .connectTimeout(Duration.ofMillis(connectTimeoutMs))
                .customizeClient(SdkConnectionFactory::neverRedirect)
                .httpRequestCustomizer((builder, method, uri, body, context) -> beforeRequest(builder, definition, uri, context))
                .build();
    }

    private void beforeRequest(java.net.http.HttpRequest.Builder builder, McpEndpoint definition, URI uri,
                               io.modelcontextprotocol.common.McpTransportContext context) {
        guard(targetCheck, definition, uri).ifPresent(address -> pin(builder, uri, address));
        addAuth(builder, definition);
        TracePropagation.addHeaders(builder, context);
    }

    /**
     * A runtime registration's target is checked again on the URI of every request, just before the HTTP client
     * opens (or reuses) a connection for it: a name that resolved to an allowed address at registration may resolve
     * to a forbidden one now (DNS rebinding), and an SSE server names the URL its messages go to in its own
     * {@code endpoint} event, which may point anywhere. A refused request fails like a broken connection; the server
     * goes UNHEALTHY and stays so while its target is refused.
     * <p>
     * An http request to a host name is then sent to the address the check allowed (see {@link #pin}), so the HTTP
     * client makes no lookup of its own. An https request is not: the JDK client verifies no host name at all for a
     * URL with an IP address, so it resolves the name again, through the JVM's DNS cache the check has just filled
     * (docs/security.md says what is left).
     * @return the address to send the request to, when it must be pinned to the checked one
     */
    public static Optional<InetAddress> guard(TargetCheck policy, McpEndpoint endpoint, URI uri) {
        if (policy == null || !endpoint.checkTargets()) {
            return Optional.empty(); // the catalogue is the operator's own file: its targets are trusted as written
        }
        TargetCheck.Verdict checked = policy.inspect(uri.toString());
        checked.refusal().ifPresent(refusal -> {
            throw new McpCallException("target not allowed: " + refusal, null, McpCallException.Kind.TRANSPORT);
        });
        boolean pinnable = HOST_HEADER_SETTABLE && "http".equalsIgnoreCase(uri.getScheme()) && !isIpLiteral(uri.getHost());
        return pinnable ? checked.addresses().stream().findFirst() : Optional.empty();
    }

    /**
     * Sends the request to {@code address} with the URL's own host in the Host header, as the server expects it.
     * Setting Host needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} (liberty/jvm.options).
     */
    static void pin(java.net.http.HttpRequest.Builder builder, URI uri, InetAddress address) {
        String ip = address.getHostAddress().replaceFirst("%.*", "");
        String host = address instanceof Inet6Address ? "[" + ip + "]" : ip;
        builder.uri(URI.create(uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                        + (uri.getRawPath() == null ? "" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .setHeader("Host", uri.getRawAuthority());
    }

    private static boolean isIpLiteral(String host) {
        return host == null || host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** Whether this JVM lets a request carry its own Host header (jdk.httpclient.allowRestrictedHeaders). */
    static final boolean HOST_HEADER_SETTABLE = hostHeaderSettable();

    private static boolean hostHeaderSettable() {
        try {
            java.net.http.HttpRequest.newBuilder().header("Host", "example.org");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @jakarta.annotation.PostConstruct
    void warnWithoutPinning() {
        if (!HOST_HEADER_SETTABLE) {
            java.util.logging.Logger.getLogger(SdkConnectionFactory.class.getName()).warning("The JVM does not let a "
                    + "request set its Host header (-Djdk.httpclient.allowRestrictedHeaders=host is missing): requests to "
                    + "registered http servers go to the host name, which the HTTP client resolves again after the check, "
                    + "instead of to the address that was checked");
        }
    }

    /**
     * The target check looks at the URL of each request, not where a redirect would lead (169.254.169.254, say). The SDK's builders leave HttpClient at its default, which is NEVER today; it is set here so a
     * changed SDK default cannot start following redirects.
     */
    private static void neverRedirect(HttpClient.Builder client) {
        client.followRedirects(HttpClient.Redirect.NEVER);
    }

    private static void addAuth(java.net.http.HttpRequest.Builder builder, McpEndpoint endpoint) {
        Map.Entry<String, String> header = endpoint.authHeader();
        if (header != null) {
            builder.header(header.getKey(), header.getValue());
        }
    }

    /** The SDK takes a base URL and an endpoint path separately. */
    record Endpoint(String base, String path) {
        static Endpoint of(String url) {
            URI uri = URI.create(url);
            String base = uri.getScheme() + "://" + uri.getRawAuthority();
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Endpoint(base, path);
        }
    }

    /**
     * Starts the process in the configured working directory, so relative paths in its arguments resolve, and
     * with a clean environment: the SDK would otherwise pass on the gateway's whole environment (database
     * passwords included). The child gets the SDK's basic variables (PATH, HOME, USER, ...) plus its own env.
     */
    private static final class WorkingDirStdioTransport extends StdioClientTransport {
        private final Path workingDir;
        private final McpSessionListener listener;

        WorkingDirStdioTransport(ServerParameters parameters, McpJsonMapper mapper, Path workingDir, McpSessionListener listener) {
            super(parameters, mapper);
            this.workingDir = workingDir;
            this.listener = listener;
        }

        /**
         * The SDK does not notice a child that dies mid-session (calls then wait for their timeout), so the gateway
         * watches the process itself. The SDK keeps it in a private field; without it, the health monitor still
         * finds the server dead within one cycle.
         */
        @Override
        public Mono<Void> connect(java.util.function.Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return super.connect(handler).doOnSuccess(ignored -> watchProcess());
        }

        private void watchProcess() {
            try {
                java.lang.reflect.Field field = StdioClientTransport.class.getDeclaredField("process");
                field.setAccessible(true);
                Process process = (Process) field.get(this);
                if (process != null) {
                    process.onExit().thenAccept(exited -> listener.sessionLost("process " + exited.pid()
                            + " exited with code " + exited.exitValue()));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                java.util.logging.Logger.getLogger(SdkConnectionFactory.class.getName())
                        .fine(() -> "Cannot watch the stdio process: " + e);
            }
        }

        @Override
        protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = super.getProcessBuilder().directory(workingDir.toFile());
            builder.environment().clear();
            return builder;
        }
    }
}
