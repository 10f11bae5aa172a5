package dev.mcphybrid.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Tells the other instances of the cluster that shared configuration changed, so they reload it at once: a
 * notice is an entry of the Redis Stream {@code <prefix>:config}, which every instance reads with a blocking XREAD.
 * A stream rather than pub/sub because an instance whose connection dropped for a moment reads on from the last
 * notice it saw instead of missing what came meanwhile. The notice says only what changed; the configuration
 * itself lives in PostgreSQL, which the observers of {@link ConfigChanged} read again. Without a cluster, nothing
 * is sent or read.
 */
@ApplicationScoped
public class ConfigNotices {

    private static final Logger LOG = Logger.getLogger(ConfigNotices.class.getName());
    private static final long KEEP = 1000;

    @Inject
    ClusterStore store;

    @Inject
    Event<ConfigChanged> changes;

    @Resource
    ManagedThreadFactory threads;

    private volatile boolean running = true;
    private volatile boolean failing;
    /** The newest notice seen; null until the stream was first reached. */
    private StreamEntryID lastRead;
    private Thread reader;

    /** Read from start-up on, not from the first announcement. */
    void onStartup(@Observes Startup startup) {
        // the observer's bean is created for it, which starts the reader
    }

    @PostConstruct
    void start() {
        if (!store.enabled()) {
            return;
        }
        reader = threads.newThread(this::readLoop);
        reader.setName("cluster-config-notices");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Tells the other instances that {@code what} changed. Best effort: when the store does not answer, they
     * see the change at their next restart, and this is logged.
     */
    public void announce(ConfigChanged.What what) {
        announce(what, null);
    }

    /** As {@link #announce(ConfigChanged.What)}, with what the other instances need to act on it. */
    public void announce(ConfigChanged.What what, String detail) {
        if (!store.enabled()) {
            return;
        }
        try {
            store.redis().xadd(store.key("config"), XAddParams.xAddParams().maxLen(KEEP).approximateTrimming(),
                    detail == null ? Map.of("what", what.name(), "from", store.instanceId())
                            : Map.of("what", what.name(), "from", store.instanceId(), "detail", detail));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not tell the cluster that " + what + " changed (" + e + "); other instances "
                    + "take the change at their next restart");
        }
    }

    private void readLoop() {
        XReadParams params = XReadParams.xReadParams().block((int) ClusterStore.BLOCK.toMillis()).count(100);
        while (running) {
            try {
                if (lastRead == null) {
                    // "$" would miss a notice written between two reads: start from the newest entry there is
                    List<StreamEntry> newest = store.redis().xrevrange(store.key("config"), "+", "-", 1);
                    lastRead = newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
                }
                var read = store.blocking().xread(params, Map.of(store.key("config"), lastRead));
                if (failing) {
                    failing = false;
                    LOG.info("Configuration notices of the cluster can be read again");
                }
                if (read == null) {
                    continue;
                }
                for (var perStream : read) {
                    perStream.getValue().forEach(this::notice);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.warning(() -> "Cannot read configuration notices of the cluster (" + e + "); retrying every second");
                }
                pause();
            }
        }
    }

    private void notice(StreamEntry entry) {
        lastRead = entry.getID();
        String from = entry.getFields().get("from");
        if (store.instanceId().equals(from)) {
            return; // this instance made the change and is up to date
        }
        List.of(ConfigChanged.What.values()).stream().filter(what -> what.name().equals(entry.getFields().get("what")))
                .findFirst().ifPresent(what -> {
                    LOG.fine(() -> what + " on " + from);
                    changes.fireAsync(new ConfigChanged(what, from, entry.getFields().get("detail")));
                });
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (reader != null) {
            reader.interrupt();
        }
    }
}
