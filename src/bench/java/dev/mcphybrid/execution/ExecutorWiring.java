package dev.mcphybrid.execution;

import dev.mcphybrid.access.AccessPolicies;
import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.bench.Wiring;
import dev.mcphybrid.cluster.ClusterSettings;
import dev.mcphybrid.common.ShippedDefaults;
import dev.mcphybrid.ratelimit.RateLimits;
import dev.mcphybrid.registry.ServerConnector;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.security.SecretMask;
import dev.mcphybrid.telemetry.CallTracing;
import jakarta.enterprise.event.Event;
import java.util.Optional;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The real {@link ToolExecutor} with its real collaborators (admission with the default access policy and
 * in-memory rate limits, audit pipeline, guards, cache), wired by hand as the container would, for benchmarks and
 * unit tests. Settings are the documented defaults unless a caller changes them.
 */
public final class ExecutorWiring {

    private ExecutorWiring() {
    }

    /** The defaults of microprofile-config.properties, with no cache-by-name rule and no rate limit refusing. */
    public static ExecutionSettings settings() {
        ExecutionSettings settings = new ExecutionSettings();
        settings.timeoutMs = 60_000L;
        settings.maxTimeoutMs = 300_000L;
        settings.maxArgumentLength = 262_144;
        settings.maxConcurrentPerServer = 64;
        settings.queueWaitMs = 5_000L;
        settings.circuitWindow = 20;
        settings.circuitMinimumCalls = 10;
        settings.circuitFailureRatio = 0.5;
        settings.circuitOpenMs = 30_000L;
        settings.cacheTtlMs = 30_000L;
        settings.cacheMaxEntries = 10_000;
        settings.cacheTools = Optional.empty();
        settings.redactKeys = ShippedDefaults.of("gateway.audit.redact-keys");
        return settings;
    }

    /** Events fired to nobody, delivered in order as in the server. */
    public static ExecutionEvents events() {
        ExecutionEvents events = new ExecutionEvents();
        events.executed = Wiring.inert(Event.class);
        events.progress = Wiring.inert(Event.class);
        events.alerts = Wiring.inert(Event.class);
        events.ordered = Wiring.orderedEvents();
        return events;
    }

    /** Admission with the default access policy (no file: operators and admins may call every tool) and no rate limit. */
    public static CallAdmission admission(ExecutionSettings settings) {
        return admission(settings, "/nonexistent/access-policy.yml", false, "1/1", "1/1", Wiring.inert(MetricRegistry.class));
    }

    /** Admission with the policy in {@code policyFile} and, when {@code rateLimited}, in-memory limits as "rate/burst". */
    public static CallAdmission admission(ExecutionSettings settings, String policyFile, boolean rateLimited, String perPrincipal,
                                          String perTool, MetricRegistry metrics) {
        AccessPolicies access = new AccessPolicies();
        Wiring.set(access, "file", policyFile);
        Wiring.call(access, "init");
        RateLimits limits = new RateLimits();
        Wiring.set(limits, "enabled", String.valueOf(rateLimited));
        Wiring.set(limits, "perPrincipal", perPrincipal);
        Wiring.set(limits, "perTool", perTool);
        Wiring.set(limits, "toolOverrides", Optional.empty());
        Wiring.set(limits, "redisUrl", Optional.empty());
        Wiring.set(limits, "redisPrefix", "bench");
        Wiring.set(limits, "cluster", ClusterSettings.of(false, null, "bench", "bench"));
        Wiring.call(limits, "start");
        CallAdmission admission = new CallAdmission();
        admission.access = access;
        admission.rateLimits = limits;
        admission.settings = settings;
        admission.metrics = metrics;
        admission.init();
        return admission;
    }

    public static ToolExecutor executor(ServerRegistry registry, ServerConnector connector, AuditPipeline pipeline,
                                        ExecutionEvents events, ExecutionSettings settings) {
        return executor(registry, connector, pipeline, events, settings, admission(settings));
    }

    public static ToolExecutor executor(ServerRegistry registry, ServerConnector connector, AuditPipeline pipeline,
                                        ExecutionEvents events, ExecutionSettings settings, CallAdmission admission) {
        return executor(registry, connector, pipeline, events, settings, admission, CallTracing.off());
    }

    /** As above, with the given tracing (the others run as the gateway does by default: OpenTelemetry off). */
    public static ToolExecutor executor(ServerRegistry registry, ServerConnector connector, AuditPipeline pipeline,
                                        ExecutionEvents events, ExecutionSettings settings, CallAdmission admission,
                                        CallTracing tracing) {
        ToolExecutor executor = new ToolExecutor();
        executor.tracing = tracing;
        executor.registry = registry;
        executor.connector = connector;
        executor.audit = Wiring.set(new AuditLog(), "pipeline", pipeline);
        executor.admission = admission;
        executor.secretMask = new SecretMask();
        executor.events = events;
        executor.metrics = Wiring.inert(MetricRegistry.class);
        executor.settings = settings;
        executor.cluster = Wiring.notClustered();
        executor.init();
        return executor;
    }
}
