package dev.mcphybrid.registry;

import dev.mcphybrid.mcp.McpEndpoint;
import dev.mcphybrid.mcp.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One MCP server as the catalogue (or a runtime registration) describes it. URL transports use {@code url};
 * stdio uses {@code command}, {@code args}, {@code env} and {@code workingDir}.
 */
public record ServerDefinition(
        String id,
        String name,
        Transport transport,
        String url,
        String command,
        List<String> args,
        Map<String, String> env,
        String workingDir,
        HealthCheck healthCheck,
        Auth auth,
        List<String> capabilities,
        List<String> tags,
        boolean enabled,
        Origin origin) {

    public ServerDefinition {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        tags = tags == null ? List.of() : List.copyOf(tags);
        healthCheck = healthCheck == null ? HealthCheck.DEFAULT : healthCheck;
        auth = auth == null ? Auth.NONE : auth;
    }

    /** What the server is reached at, for logs and the API: the URL, or the command line of a stdio server. */
    public String target() {
        return transport.isUrlBased() ? url : String.join(" ", java.util.stream.Stream.concat(
                java.util.stream.Stream.of(command), args.stream()).toList());
    }

    /** How the connection factory reaches this server; requests to a runtime registration's target are checked. */
    public McpEndpoint endpoint() {
        return new McpEndpoint(id, transport, url, command, args, env, workingDir, auth.httpHeader(), origin == Origin.RUNTIME);
    }

    /** Env keys whose values are credentials (the same names the audit redacts). */
    private static final java.util.regex.Pattern SECRET_KEYS = java.util.regex.Pattern.compile(
            "(?i).*(password|passwd|secret|token|api[-_]?key|authorization|credential|private[-_]?key|cookie|auth).*");

    /** The credential values of this server: the auth secret and env values under secret-looking names. */
    public List<String> secrets() {
        java.util.ArrayList<String> values = new java.util.ArrayList<>();
        if (auth.secret() != null) {
            values.add(auth.secret());
        }
        env.forEach((key, value) -> {
            if (SECRET_KEYS.matcher(key).matches()) {
                values.add(value);
            }
        });
        return values;
    }

    /** Never prints env values or credentials. */
    @Override
    public String toString() {
        return "ServerDefinition[id=" + id + ", transport=" + transport.wireName() + ", target=" + target() + "]";
    }

    /** Where a definition came from: the catalogue file or a runtime registration through the API. */
    public enum Origin { CATALOGUE, RUNTIME }

    /** Per-server health check settings; {@code null} fields fall back to the gateway's defaults. */
    public record HealthCheck(Duration interval, Duration timeout) {
        public static final HealthCheck DEFAULT = new HealthCheck(null, null);
    }

    /**
     * Credentials sent to the server on every HTTP request. The secret is resolved from the environment when the
     * catalogue is read and is never rendered: {@link #toString()} masks it and no API type carries it.
     */
    public record Auth(Type type, String header, String secret) {
        public static final Auth NONE = new Auth(Type.NONE, null, null);

        public enum Type { NONE, BEARER, HEADER }

        /** The header name and value to send, or {@code null} when no credentials are configured. */
        public Map.Entry<String, String> httpHeader() {
            return switch (type) {
                case NONE -> null;
                case BEARER -> Map.entry("Authorization", "Bearer " + secret);
                case HEADER -> Map.entry(header, secret);
            };
        }

        @Override
        public String toString() {
            return "Auth[type=" + type + (header == null ? "" : ", header=" + header) + ", secret=" + (secret == null ? "none" : "****") + "]";
        }
    }
}
