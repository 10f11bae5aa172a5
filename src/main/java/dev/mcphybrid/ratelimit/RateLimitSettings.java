package dev.mcphybrid.ratelimit;

import dev.mcphybrid.cluster.RedisConnections;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The gateway.ratelimit.* keys, checked: a bad value is refused with its key's name. */
record RateLimitSettings(boolean enabled, Limit perPrincipal, ToolLimits perTool, Optional<URI> redisUrl, String redisPrefix) {

    static final String ENABLED = "gateway.ratelimit.enabled";
    static final String PRINCIPAL = "gateway.ratelimit.principal";
    static final String TOOL = "gateway.ratelimit.tool";
    static final String TOOLS = "gateway.ratelimit.tools";
    static final String REDIS_URL = "gateway.ratelimit.redis.url";
    static final String REDIS_PREFIX = "gateway.ratelimit.redis.prefix";

    static final int DEFAULT_REDIS_PORT = 6379;

    /** @throws IllegalArgumentException whose message starts with the name of the first bad key */
    static RateLimitSettings of(String enabled, String perPrincipal, String perTool, List<String> toolOverrides,
                                Optional<String> redisUrl, String redisPrefix) {
        Limit toolDefault = checked(TOOL, perTool, Limit::parse);
        return new RateLimitSettings(
                checked(ENABLED, enabled, RateLimitSettings::bool),
                checked(PRINCIPAL, perPrincipal, Limit::parse),
                checked(TOOLS, toolOverrides, overrides -> ToolLimits.parse(toolDefault, overrides)),
                redisUrl.map(String::trim).filter(url -> !url.isEmpty()).map(url -> checked(REDIS_URL, url, RateLimitSettings::redisUri)),
                checked(REDIS_PREFIX, redisPrefix, RateLimitSettings::prefix));
    }

    /** One line for the start-up log. */
    String describe() {
        if (!enabled) {
            return "Rate limits are off (" + ENABLED + "=false)";
        }
        String where = redisUrl.map(url -> "in Redis at " + RedisConnections.where(url) + " under " + redisPrefix + ":")
                .orElse("in memory, per gateway instance");
        return "Rate limits: " + perPrincipal + " per principal, " + perTool + " per tool (calls per second/burst), counted "
                + where;
    }

    private static <T, R> R checked(String key, T value, Function<T, R> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(String text) {
        return switch (String.valueOf(text).trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("\"" + text + "\" is neither true nor false");
        };
    }

    /** The URL may hold a password, so no message repeats it. */
    private static URI redisUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme()) && !"rediss".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("has no host, e.g. redis://127.0.0.1:6379");
        }
        return uri.getPort() == -1 ? withPort(uri, DEFAULT_REDIS_PORT) : uri;
    }

    /** Jedis refuses a URL without a port. Built as text: URI's multi-argument constructors re-quote a password. */
    private static URI withPort(URI uri, int port) {
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + ":" + port + uri.getRawPath() + query);
    }

    private static String prefix(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return text.trim();
    }
}
