package dev.mcphybrid.ratelimit;

import dev.mcphybrid.cluster.ClusterSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's rate limits (keys in {@link RateLimitSettings}): per principal and per tool, in Redis when
 * {@code gateway.ratelimit.redis.url} is set (in a cluster, the cluster's store by default), else in this instance's
 * memory.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class.getName());

    @Inject
    @ConfigProperty(name = RateLimitSettings.ENABLED)
    String enabled;

    @Inject
    @ConfigProperty(name = RateLimitSettings.PRINCIPAL)
    String perPrincipal;

    @Inject
    @ConfigProperty(name = RateLimitSettings.TOOL)
    String perTool;

    @Inject
    @ConfigProperty(name = RateLimitSettings.TOOLS)
    Optional<List<String>> toolOverrides;

    @Inject
    @ConfigProperty(name = RateLimitSettings.REDIS_URL)
    Optional<String> redisUrl;

    @Inject
    @ConfigProperty(name = RateLimitSettings.REDIS_PREFIX)
    String redisPrefix;

    private RateLimitSettings settings;
    private RateLimiter limiter;
    private ToolCallLimiter toolCalls;

    /** Observing start-up creates the bean then, so bad settings stop the start rather than the first call. */
    void onStartup(@Observes Startup startup) {
        // nothing more to do: start() has run
    }

    @Inject
    ClusterSettings cluster;

    @PostConstruct
    void start() {
        Optional<String> store = redisUrl.filter(text -> !text.isBlank());
        String prefix = redisPrefix;
        if (store.isEmpty() && cluster.enabled()) {
            // a cluster shares its buckets in its own store unless the limits are given a Redis of their own
            store = cluster.redisUrl().map(Object::toString);
            prefix = cluster.prefix() + ":ratelimit";
        }
        settings = RateLimitSettings.of(enabled, perPrincipal, perTool, toolOverrides.orElse(List.of()), store, prefix);
        if (settings.enabled()) {
            limiter = settings.redisUrl()
                    .<RateLimiter>map(url -> new RedisRateLimiter(url, settings.redisPrefix()))
                    .orElseGet(MemoryRateLimiter::new);
            toolCalls = new ToolCallLimiter(limiter, settings.perPrincipal(), settings.perTool());
        }
        LOG.info(settings.describe());
    }

    @PreDestroy
    void stop() {
        if (limiter != null) {
            limiter.close();
        }
    }

    /**
     * Takes a token from the principal's bucket, then from the tool's; refused when either is empty.
     *
     * @param principal the caller's name; null or blank counts as anonymous
     * @param toolId    {@code serverId.toolName}
     */
    public Decision checkExecution(String principal, String toolId) {
        return toolCalls == null ? Decision.UNLIMITED : toolCalls.check(principal, toolId);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Whether the buckets are shared with other gateway instances through Redis. */
    public boolean distributed() {
        return limiter instanceof RedisRateLimiter;
    }

    /** "redis" or "memory". */
    public String backend() {
        return distributed() ? "redis" : "memory";
    }

    /** Calls answered from memory because Redis failed; 0 without Redis. */
    public long redisFallbacks() {
        return limiter instanceof RedisRateLimiter redis ? redis.fallbacks() : 0;
    }
}
