package dev.mcphybrid.execution;

import dev.mcphybrid.common.Globs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The execution proxy's MP Config keys (README.md, "Configuration"). */
@ApplicationScoped
public class ExecutionSettings {

    @Inject
    @ConfigProperty(name = "gateway.execution.timeout-ms")
    long timeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.execution.max-timeout-ms")
    long maxTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.limits.argument-string-length")
    int maxArgumentLength;

    @Inject
    @ConfigProperty(name = "gateway.execution.max-concurrent-per-server")
    int maxConcurrentPerServer;

    @Inject
    @ConfigProperty(name = "gateway.execution.queue-wait-ms")
    long queueWaitMs;

    @Inject
    @ConfigProperty(name = "gateway.execution.circuit.window")
    int circuitWindow;

    @Inject
    @ConfigProperty(name = "gateway.execution.circuit.minimum-calls")
    int circuitMinimumCalls;

    @Inject
    @ConfigProperty(name = "gateway.execution.circuit.failure-ratio")
    double circuitFailureRatio;

    @Inject
    @ConfigProperty(name = "gateway.execution.circuit.open-ms")
    long circuitOpenMs;

    @Inject
    @ConfigProperty(name = "gateway.cache.ttl-ms")
    long cacheTtlMs;

    @Inject
    @ConfigProperty(name = "gateway.cache.max-entries")
    int cacheMaxEntries;

    @Inject
    @ConfigProperty(name = "gateway.cache.tools")
    Optional<List<String>> cacheTools;

    @Inject
    @ConfigProperty(name = "gateway.audit.redact-keys")
    String redactKeys;

    private volatile List<Pattern> compiledCacheTools;

    public int maxArgumentLength() {
        return maxArgumentLength;
    }

    /** The timeout of a call that names none. */
    public Duration defaultTimeout() {
        return Duration.ofMillis(Math.min(timeoutMs, maxTimeoutMs));
    }

    /** The largest {@code timeoutMs} a call may ask for. */
    public Duration maxTimeout() {
        return Duration.ofMillis(maxTimeoutMs);
    }

    public int maxConcurrentPerServer() {
        return maxConcurrentPerServer;
    }

    public Duration queueWait() {
        return Duration.ofMillis(queueWaitMs);
    }

    public int circuitWindow() {
        return circuitWindow;
    }

    public int circuitMinimumCalls() {
        return circuitMinimumCalls;
    }

    public double circuitFailureRatio() {
        return circuitFailureRatio;
    }

    public Duration circuitOpenFor() {
        return Duration.ofMillis(circuitOpenMs);
    }

    public Duration cacheTtl() {
        return Duration.ofMillis(cacheTtlMs);
    }

    public int cacheMaxEntries() {
        return cacheMaxEntries;
    }

    public String redactKeys() {
        return redactKeys;
    }

    /** Read-only tools (annotation readOnlyHint) and tools matching gateway.cache.tools may be served from cache. */
    public boolean cacheable(String toolId, jakarta.json.JsonObject annotations) {
        if (annotations != null && annotations.get("readOnlyHint") == JsonValue.TRUE) {
            return true;
        }
        return cachePatterns().stream().anyMatch(p -> p.matcher(toolId).matches());
    }

    /** gateway.cache.tools compiled once: cacheable() runs on every execution. */
    private List<Pattern> cachePatterns() {
        List<Pattern> patterns = compiledCacheTools;
        if (patterns == null) {
            patterns = cacheTools.orElse(List.of()).stream().map(glob -> Globs.compile(glob, false)).toList();
            compiledCacheTools = patterns;
        }
        return patterns;
    }
}
