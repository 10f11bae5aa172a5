package dev.mcphybrid.upstream;

import dev.mcphybrid.cluster.ClusterStore;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sessions of the gateway's Streamable HTTP endpoints (docs/mcp-endpoint.md, "Sessions across instances"), each
 * bound to the principal that initialized it. This instance keeps the ones it serves; in a cluster every session is
 * also in the shared store, where any instance finds it, and the shared entry is the truth: a session deleted there
 * (by a DELETE on another instance, or idle past {@code gateway.mcp.session-ttl-ms}) is over here too.
 */
@ApplicationScoped
public class McpSessions {

    private static final Logger LOG = Logger.getLogger(McpSessions.class.getName());
    /** How often at most a session's shared entry gets its time to live restarted. */
    static final Duration REFRESH_EVERY = Duration.ofMinutes(1);
    /** After the store failed, how long sessions held here are served without asking it again. */
    static final Duration STORE_BACKOFF = Duration.ofSeconds(5);
    /** The SDK evicts a session that has been idle, with no open stream, for 30 to 60 minutes. */
    static final Duration SDK_IDLE_EVICTION = Duration.ofMinutes(60);

    @Inject
    ClusterStore cluster;

    @Inject
    @ConfigProperty(name = "gateway.mcp.session-ttl-ms")
    long ttlMs;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private SharedSessions shared;
    private Duration ttl;
    private String instanceId;
    private LongSupplier clock = System::currentTimeMillis;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile long storeFailedAt;
    private ScheduledFuture<?> maintenance;

    McpSessions() {
    }

    /** For tests: {@code shared} null for a single instance. */
    McpSessions(SharedSessions shared, Duration ttl, String instanceId, LongSupplier clock) {
        this.shared = shared;
        this.ttl = ttl;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        ttl = Duration.ofMillis(ttlMs);
        instanceId = cluster.instanceId();
        shared = cluster.enabled() ? new RedisSessions(cluster) : null;
        long every = REFRESH_EVERY.toMillis();
        maintenance = scheduler.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (maintenance != null) {
            maintenance.cancel(false);
        }
    }

    boolean clustered() {
        return shared != null;
    }

    String instanceId() {
        return instanceId;
    }

    /**
     * The session {@code id} if {@code principal} opened it at {@code endpoint}, else {@code null}: an unknown session
     * and someone else's look the same to the caller.
     *
     * @throws SessionStoreUnavailable when only the shared store could tell, and it did not answer
     */
    Held find(String id, String principal, String endpoint) {
        long now = clock.getAsLong();
        Held session = held.get(id);
        if (session != null) {
            if (!session.session.belongsTo(principal, endpoint)) {
                return null;
            }
            if (shared != null && !stillShared(session, now)) {
                end(id);
                return null;
            }
            session.lastUsed = now;
            return session;
        }
        if (shared == null) {
            return null;
        }
        McpSession found = shared.load(id);
        storeAnswered();
        if (found == null || !found.belongsTo(principal, endpoint)) {
            return null;
        }
        Held loaded = new Held(found, now);
        loaded.lastRefreshed = 0; // loading it is a use: restart its time to live now
        if (!stillShared(loaded, now)) {
            return null;
        }
        Held raced = held.putIfAbsent(id, loaded);
        return raced == null ? loaded : raced;
    }

    /**
     * A session the SDK has just started here for a client's initialize.
     *
     * @throws SessionStoreUnavailable when the cluster could not be told: the session would work on this instance only
     */
    Held created(McpSession session, McpStreamableServerSession sdk) {
        if (shared != null) {
            shared.save(session, ttl);
            storeAnswered();
        }
        Held created = new Held(session, clock.getAsLong());
        created.sdk = sdk;
        held.put(session.id(), created);
        return created;
    }

    /** The client deleted its session: over here and, in a cluster, everywhere. */
    void deleted(String id) {
        held.remove(id);
        if (shared != null) {
            try {
                shared.delete(id);
            } catch (SessionStoreUnavailable e) {
                LOG.warning("MCP session " + id + " was ended here, but the session store did not answer; other "
                        + "instances know it until it has been idle for " + ttl + ": " + e.getMessage());
            }
        }
    }

    /** Ends the session on this instance only, streams included; the shared entry is gone already or stays. */
    void end(String id) {
        Held session = held.remove(id);
        if (session != null && session.sdk != null) {
            session.sdk.delete().onErrorComplete().subscribe();
        }
    }

    /**
     * Once a minute: restarts the shared time to live of sessions that only hold a stream open (a client listening
     * for notifications sends nothing for a long time), ends those gone from the store, and drops idle ones.
     */
    void maintain() {
        long now = clock.getAsLong();
        long idleLimit = shared != null ? ttl.toMillis() : Math.max(ttl.toMillis(), SDK_IDLE_EVICTION.toMillis());
        for (Map.Entry<String, Held> entry : held.entrySet()) {
            Held session = entry.getValue();
            boolean streaming = session.sdk != null && (session.sdk.hasOpenStream() || session.sdk.hasListeningStream());
            if (streaming && shared != null) {
                if (!stillShared(session, now)) {
                    end(entry.getKey());
                }
            } else if (!streaming && now - session.lastUsed > idleLimit) {
                end(entry.getKey());
            }
        }
    }

    int heldCount() {
        return held.size();
    }

    /** Whether the shared entry still exists, restarting its time to live at most once a minute. */
    private boolean stillShared(Held session, long now) {
        if (storeFailedAt != 0 && now - storeFailedAt < STORE_BACKOFF.toMillis()) {
            return true;
        }
        try {
            boolean exists;
            if (now - session.lastRefreshed >= REFRESH_EVERY.toMillis()) {
                exists = shared.refresh(session.session.id(), ttl);
                if (exists) {
                    session.lastRefreshed = now;
                }
            } else {
                exists = shared.exists(session.session.id());
            }
            storeAnswered();
            return exists;
        } catch (SessionStoreUnavailable e) {
            if (storeFailedAt == 0) {
                LOG.warning("The MCP session store does not answer; sessions held here go on, others cannot be served: " + e.getMessage());
            }
            storeFailedAt = now;
            return true; // serve what this instance holds; the store decides again once it answers
        }
    }

    private void storeAnswered() {
        if (storeFailedAt != 0) {
            storeFailedAt = 0;
            LOG.info("The MCP session store answers again");
        }
    }

    /** A session this instance serves, with the SDK session it runs on here once there is one. */
    static final class Held {

        final McpSession session;
        /** The SDK's own session for it here; its id is the client's only where this instance initialized it. */
        volatile McpStreamableServerSession sdk;
        volatile long lastUsed;
        volatile long lastRefreshed;

        Held(McpSession session, long now) {
            this.session = session;
            this.lastUsed = now;
            this.lastRefreshed = now;
        }
    }
}
