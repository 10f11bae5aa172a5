package dev.mcphybrid.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How this instance takes part in a cluster (docs/cluster.md). Defaults live in microprofile-config.properties.
 * The embedded default is one instance with no shared store: {@code gateway.cluster.enabled=false}.
 */
@ApplicationScoped
public class ClusterSettings {

    @Inject
    @ConfigProperty(name = "gateway.cluster.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "gateway.cluster.redis.url")
    Optional<String> redisUrl;

    @Inject
    @ConfigProperty(name = "gateway.cluster.prefix")
    String prefix;

    @Inject
    @ConfigProperty(name = "gateway.instance.id")
    Optional<String> instanceId;

    @Inject
    @ConfigProperty(name = "http.port")
    Optional<String> httpPort;

    @Inject
    @ConfigProperty(name = "gateway.cluster.heartbeat-ms")
    long heartbeatMs;

    @Inject
    @ConfigProperty(name = "gateway.cluster.member-timeout-ms")
    long memberTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.cluster.lease-ms")
    long leaseMs;

    private volatile String resolvedId;

    /** Settings given outright, for code that builds the gateway's parts without CDI (benchmarks, tests). */
    public static ClusterSettings of(boolean enabled, String redisUrl, String prefix, String instanceId) {
        ClusterSettings settings = new ClusterSettings();
        settings.enabled = enabled;
        settings.redisUrl = Optional.ofNullable(redisUrl);
        settings.prefix = prefix;
        settings.instanceId = Optional.ofNullable(instanceId);
        settings.httpPort = Optional.empty();
        return settings;
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<URI> redisUrl() {
        return redisUrl.filter(url -> !url.isBlank()).map(URI::create);
    }

    public String prefix() {
        return prefix;
    }

    /** {@code gateway.instance.id}, else host name and HTTP port: stable across restarts of the same instance. */
    public String instanceId() {
        if (resolvedId == null) {
            resolvedId = instanceId.filter(id -> !id.isBlank()).orElseGet(() -> defaultInstanceId(hostName(), httpPort.orElse(null)));
        }
        return resolvedId;
    }

    static String defaultInstanceId(String host, String port) {
        return port == null || port.isBlank() ? host : host + ":" + port;
    }

    public Duration heartbeat() {
        return Duration.ofMillis(heartbeatMs);
    }

    public Duration memberTimeout() {
        return Duration.ofMillis(memberTimeoutMs);
    }

    public Duration lease() {
        return Duration.ofMillis(leaseMs);
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
