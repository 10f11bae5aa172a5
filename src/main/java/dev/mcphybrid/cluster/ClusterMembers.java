package dev.mcphybrid.cluster;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.common.GatewayVersion;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import redis.clients.jedis.params.SetParams;

/**
 * Membership and the once-per-cluster lease. Every {@code gateway.cluster.heartbeat-ms} an instance writes its key
 * {@code <prefix>:member:<id>} with a time to live of {@code member-timeout-ms}, so Redis itself forgets a member that
 * stopped announcing (a crashed one included), and keeps its id in the set {@code <prefix>:members}, the index the
 * list is read from; and it takes or renews the lease {@code <prefix>:leader}, held for
 * {@code lease-ms}, which names the one instance that does the work that must not run once per instance (audit
 * retention, dogfood writes to a shared memory server). When the leader dies its lease runs out and the next
 * instance to ask takes it: within lease-ms plus one heartbeat. Without a cluster this instance is the only member
 * and always leads.
 */
@ApplicationScoped
public class ClusterMembers {

    private static final Logger LOG = Logger.getLogger(ClusterMembers.class.getName());
    /** Extends the lease only for its holder: a member that lost it (paused past the lease) must not take it back. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    @Inject
    ClusterStore store;

    @Inject
    ClusterSettings settings;

    @Inject
    MetricRegistry metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    GatewayVersion version;

    private final Instant startedAt = Instant.now();
    private final Map<String, Supplier<JsonValue>> announcements = new ConcurrentHashMap<>();
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile boolean storeFailing;
    private ScheduledFuture<?> heartbeats;

    /** Announces itself from start-up on, not from the first status request. */
    void onStartup(@Observes Startup startup) {
        // the observer's bean is created for it, which starts the heartbeat
    }

    @PostConstruct
    void start() {
        if (!store.enabled()) {
            leader.set(true);
            return;
        }
        metrics.gauge("gateway.cluster.leader", leader, held -> held.get() ? 1 : 0);
        heartbeat();
        long every = settings.heartbeat().toMillis();
        heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes {@code what} under {@code name} with every heartbeat, so each member sees it in {@link Member#announced}
     * at most a heartbeat late, and forgets it with the member. For small per-instance facts (a few KB at most).
     */
    public void announce(String name, Supplier<JsonValue> what) {
        announcements.put(name, what);
    }

    /** Whether this instance does the once-per-cluster work now. */
    public boolean leads() {
        return leader.get();
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** The live members, this one included, ordered by id; only this one without a cluster. */
    public List<Member> members() {
        if (!store.enabled()) {
            return List.of(self(Instant.now()));
        }
        try {
            // the ids are an index (a set); the members are the keys that have not expired: no clock is compared
            List<String> ids = new ArrayList<>(store.redis().smembers(store.key("members")));
            if (ids.isEmpty()) {
                return List.of(self(Instant.now()));
            }
            List<String> keys = new ArrayList<>(ids.size() + 1);
            ids.forEach(id -> keys.add(store.key("member:" + id)));
            keys.add(store.key("leader"));
            List<String> values = store.redis().mget(keys.toArray(String[]::new));
            String holder = values.get(ids.size());
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (values.get(i) != null) {
                    members.add(parse(values.get(i), holder));
                } else {
                    store.redis().srem(store.key("members"), ids.get(i)); // silent past its time to live: gone
                }
            }
            members.sort(Comparator.comparing(Member::id));
            return members;
        } catch (RuntimeException e) {
            LOG.fine(() -> "Cannot list members: " + e);
            return List.of(self(Instant.now()));
        }
    }

    /** Whether the last heartbeat could not reach the shared store. */
    public boolean storeFailing() {
        return storeFailing;
    }

    void heartbeat() {
        try {
            Instant now = Instant.now();
            long ttl = settings.memberTimeout().toMillis();
            store.redis().set(store.key("member:" + settings.instanceId()), json(self(now)).toString(), SetParams.setParams().px(ttl));
            store.redis().sadd(store.key("members"), settings.instanceId());
            holdLease();
            if (storeFailing) {
                storeFailing = false;
                LOG.info(() -> "Cluster store " + store.where() + " answers again");
            }
        } catch (RuntimeException e) {
            // without the store this instance cannot know whether another leads; doing the work twice is worse
            // than doing it late, so it stops leading
            if (leader.getAndSet(false)) {
                LOG.warning(() -> "Gave up the cluster lease: the store does not answer");
            }
            if (!storeFailing) {
                storeFailing = true;
                LOG.warning(() -> "Cluster store " + store.where() + " does not answer the heartbeat: " + e);
            }
        }
    }

    private void holdLease() {
        String key = store.key("leader");
        String me = settings.instanceId();
        String ttl = String.valueOf(settings.lease().toMillis());
        boolean holds;
        if (leader.get()) {
            holds = Long.valueOf(1).equals(store.redis().eval(RENEW, List.of(key), List.of(me, ttl)));
        } else {
            holds = "OK".equals(store.redis().set(key, me, SetParams.setParams().nx().px(settings.lease().toMillis())));
        }
        if (holds != leader.getAndSet(holds)) {
            LOG.info(() -> holds ? "This instance (" + me + ") now leads the cluster's once-per-cluster work"
                    : "This instance (" + me + ") no longer leads the cluster");
        }
    }

    private Member self(Instant now) {
        var announced = JSON.createObjectBuilder();
        announcements.forEach((name, what) -> announced.add(name, what.get()));
        return new Member(settings.instanceId(), version.version(), startedAt, now, leader.get(), true, announced.build());
    }

    private static JsonObject json(Member member) {
        return JSON.createObjectBuilder()
                .add("id", member.id())
                .add("version", member.version())
                .add("startedAt", member.startedAt().toString())
                .add("heartbeatAt", member.heartbeatAt().toString())
                .add("announced", member.announced())
                .build();
    }

    private Member parse(String text, String leaderId) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            String id = json.getString("id");
            JsonObject announced = json.get("announced") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
            return new Member(id, json.getString("version", ""), Instant.parse(json.getString("startedAt")),
                    Instant.parse(json.getString("heartbeatAt")), id.equals(leaderId), id.equals(settings.instanceId()), announced);
        }
    }

    @PreDestroy
    void stop() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        if (store.enabled()) {
            try {
                store.redis().del(store.key("member:" + settings.instanceId()));
                store.redis().srem(store.key("members"), settings.instanceId());
                store.redis().eval(RELEASE, List.of(store.key("leader")), List.of(settings.instanceId()));
            } catch (RuntimeException e) {
                LOG.fine(() -> "Could not leave the cluster cleanly: " + e);
            }
        }
    }
}
