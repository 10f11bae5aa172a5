package dev.mcphybrid.events;

import dev.mcphybrid.cluster.ClusterStore;
import dev.mcphybrid.common.Tally;
import dev.mcphybrid.security.SecretMask;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Fans every gateway event out to the connected SSE and WebSocket clients. Publishing only numbers the event,
 * keeps it in the replay history and hands it to the delivery threads ({@code gateway.events.delivery-threads}),
 * so a producer never waits for thousands of clients. Each delivery thread puts the event in the bounded queue of
 * each of its clients that wants it and sends the queues: urgent types at once, high-frequency types at most one
 * batch per client every {@code gateway.events.batch-window-ms} (the first after a quiet spell at once). A client
 * whose queue overflows has stopped reading: it is dropped, so it can never slow the others. A client that
 * reconnects with Last-Event-ID is replayed from the history by its delivery thread, as fast as it reads.
 * <p>
 * In a cluster the bus numbers nothing itself: publishing appends to the {@link SharedEventLog}, and every event
 * of the log, this instance's included, comes back from it numbered and is kept and delivered here. So every
 * instance has the same history under the same ids, and a client may reconnect to any of them.
 */
@ApplicationScoped
public class EventBus {

    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    MetricRegistry metrics;

    @Inject
    Event<SystemAlert> alerts;

    @Inject
    dev.mcphybrid.common.OrderedEvents ordered;

    @Inject
    @ConfigProperty(name = "gateway.events.history")
    int historySize;

    @Inject
    @ConfigProperty(name = "gateway.events.client-queue")
    int clientQueue;

    @Inject
    @ConfigProperty(name = "gateway.events.batch-size")
    int batchSize;

    @Inject
    @ConfigProperty(name = "gateway.events.batch-window-ms")
    long batchWindowMs;

    @Inject
    @ConfigProperty(name = "gateway.events.delivery-threads")
    int deliveryThreads;

    @Inject
    SecretMask secretMask;

    @Inject
    ClusterStore cluster;

    @Inject
    @ConfigProperty(name = "gateway.events.max-clients")
    int maxClients;

    @Inject
    @ConfigProperty(name = "gateway.events.max-clients-per-principal")
    int maxClientsPerPrincipal;

    @Inject
    @ConfigProperty(name = "gateway.events.heartbeat-ms")
    long heartbeatMs;

    /** How often idle SSE streams are probed, so a stream the client closed frees its slot within about twice this. */
    @Inject
    @ConfigProperty(name = "gateway.events.close-check-ms")
    long closeCheckMs;

    /** What one event's envelope may weigh; bigger ones are cut down (EventSize), counted and logged. */
    @Inject
    @ConfigProperty(name = "gateway.events.max-event-bytes")
    int maxEventBytes;

    private final List<EventClient> clients = new CopyOnWriteArrayList<>();
    private final Tally truncated = new Tally();
    private final Tally lostIds = new Tally();
    private final RareLog truncations = new RareLog(LOG, Duration.ofMinutes(1));
    private final RareLog losses = new RareLog(LOG, Duration.ofMinutes(1));
    private final AtomicLong sequence = new AtomicLong();
    private final Tally dropped = new Tally();
    private final Tally published = new Tally();
    EventHistory history;
    DeliveryWorkers delivery;
    private ScheduledFuture<?> heartbeats;
    private ScheduledFuture<?> probes;
    /** The cluster's event log; null when this instance is on its own. */
    SharedEventLog shared;

    /** Created at start-up, so a cluster member reads the shared log before anyone publishes or connects. */
    void onStartup(@Observes Startup startup) {
        // the observer's bean is created for it
    }

    @PostConstruct
    void start() {
        sequence.set(firstIdAt(System.currentTimeMillis()));
        history = new EventHistory(historySize);
        delivery = new DeliveryWorkers(deliveryThreads, historySize, TimeUnit.MILLISECONDS.toNanos(batchWindowMs), outlet());
        delivery.start(threadFactory);
        if (cluster != null && cluster.enabled()) {
            shared = new SharedEventLog(cluster.redis(), cluster.blocking(), cluster.key("events"), historySize,
                    cluster.instanceId(), this::received);
            sequence.set(0);
            received(shared.tail(historySize));
            shared.start(threadFactory);
            metrics.gauge("gateway.cluster.events.waiting", shared, SharedEventLog::waiting);
            shared.exportDropped(metrics, "gateway.cluster.events.dropped");
        }
        heartbeats = scheduler.scheduleWithFixedDelay(() -> clients.forEach(c -> c.sink.heartbeat()), heartbeatMs, heartbeatMs,
                TimeUnit.MILLISECONDS);
        if (closeCheckMs > 0) {
            probes = scheduler.scheduleWithFixedDelay(() -> clients.forEach(c -> c.sink.probe()), closeCheckMs, closeCheckMs,
                    TimeUnit.MILLISECONDS);
        }
        metrics.gauge("gateway.events.clients", clients, List::size);
        dropped.exportAs(metrics, "gateway.events.clients.dropped");
        published.exportAs(metrics, "gateway.events.published");
        truncated.exportAs(metrics, "gateway.events.truncated");
        lostIds.exportAs(metrics, "gateway.events.lost");
    }

    /**
     * Where numbering starts for an instance started at {@code epochMillis}: above any id an earlier instance can have
     * given (that would take over a thousand events a millisecond), so a Last-Event-ID from before a restart replays
     * what this instance has, instead of matching unrelated events that happen to have the same small numbers.
     */
    static long firstIdAt(long epochMillis) {
        return epochMillis * 1000;
    }

    /**
     * Numbers the event, keeps it and hands it to the delivery threads; in a cluster, queues it for the shared log
     * instead, and returns null: it is numbered and delivered when it comes back from the log.
     */
    public GatewayEvent publish(EventType type, String serverId, JsonObject rawData) {
        JsonObject data = bounded(type, serverId, secretMask.mask(rawData)); // masking: the last line of defence for credentials
        if (shared != null) {
            shared.append(new SharedEventLog.Draft(type, serverId, Instant.now(), data));
            published.increment();
            return null;
        }
        GatewayEvent event;
        synchronized (this) { // numbering, history and hand-over in one step keep replay and live events in order
            event = GatewayEvent.of(sequence.incrementAndGet(), type, serverId, Instant.now(), data);
            history.append(event);
            delivery.publish(event);
        }
        published.increment();
        return event;
    }

    /** {@code data}, or a cut-down copy when the event would weigh more than gateway.events.max-event-bytes. */
    private JsonObject bounded(EventType type, String serverId, JsonObject data) {
        EventSize.Bounded bounded = EventSize.bound(data, maxEventBytes);
        if (bounded.truncated()) {
            long count = truncated.increment();
            truncations.warn(skipped -> "Truncated an event (" + type.wireName() + (serverId == null ? "" : ", server " + serverId) + ")"
                    + " of " + bounded.originalBytes() + " bytes to fit gateway.events.max-event-bytes=" + maxEventBytes
                    + " (" + count + " since start" + (skipped > 0 ? ", " + skipped + " not logged" : "") + ")");
        }
        return bounded.data();
    }

    /** Events from the shared log, numbered there: kept and delivered like events published here. */
    void received(List<GatewayEvent> events) {
        synchronized (this) {
            for (GatewayEvent event : events) {
                if (event.id() > sequence.get()) { // the log only grows; this guards a re-read after a reconnect
                    sequence.set(event.id());
                    history.append(event);
                    delivery.publish(event);
                }
            }
        }
    }

    /**
     * Connects a client. With {@code lastEventId}, the events after it that are still in the history come first,
     * exactly once and in order, before any live event, however many there are. If some had already left the history,
     * the client is told which ids it lost (see {@link EventSink#lost}).
     */
    public EventClient connect(EventSink sink, Subscription subscription, Long lastEventId, String principal) {
        EventClient client = new EventClient(sink, subscription, clientQueue, batchSize, principal);
        long replayAfter = lastEventId == null ? 0 : knownId(lastEventId);
        synchronized (this) {
            admit(principal);
            // a client coming from another instance of the cluster may have seen events this one has not read yet
            client.liveAfter = Math.max(sequence.get(), replayAfter);
            if (lastEventId != null) {
                client.replayAfter(replayAfter); // its delivery thread queues the replay as the client reads
            }
            delivery.assign(client);
            clients.add(client);
        }
        client.markUrgent(); // the replay goes at once
        client.worker.wake();
        return client;
    }

    /**
     * {@code lastEventId}, unless no instance has given it yet: such an id (made up, or from a log that was lost)
     * counts as the newest event, so the client gets live events from now on instead of waiting for that id.
     */
    private long knownId(long lastEventId) {
        long id = Math.max(0, lastEventId);
        long newest = sequence.get();
        if (id > newest && shared != null) {
            newest = shared.newestId(newest); // this instance may lag behind the one the client comes from
        }
        return Math.min(id, newest);
    }

    /**
     * Throws when a new client of {@code principal} would pass a connection limit. Also called before an SSE stream
     * commits its 200, so the refusal can still be a problem document.
     */
    public synchronized void admit(String principal) {
        if (clients.size() >= maxClients) {
            throw new TooManyClientsException("the gateway already streams to " + maxClients + " clients", false);
        }
        // counted on connect only, which is rare next to publishing; a scan keeps no second structure in step
        if (clients.stream().filter(c -> c.principal.equals(principal)).count() >= maxClientsPerPrincipal) {
            throw new TooManyClientsException(principal + " already has " + maxClientsPerPrincipal + " event streams open", true);
        }
    }

    public void disconnect(EventClient client) {
        client.closed.set(true);
        clients.remove(client);
        if (client.worker != null) {
            client.worker.remove(client);
        }
    }

    public int clientCount() {
        return clients.size();
    }

    public long droppedClients() {
        return dropped.get();
    }

    public long published() {
        return published.get();
    }

    DeliveryWorker.Outlet outlet() {
        return new DeliveryWorker.Outlet() {
            @Override
            public void send(EventClient client, long now) {
                flush(client, now);
            }

            @Override
            public void drop(EventClient client, String why) {
                EventBus.this.drop(client, why);
            }

            @Override
            public void dropAll(List<EventClient> clients, String why) {
                EventBus.this.dropAll(clients, why);
            }

            @Override
            public void replay(EventClient client) {
                EventBus.this.replay(client);
            }
        };
    }

    /** Under the lock that publishing holds: a short copy from the history, which never waits for a client. */
    void replay(EventClient client) {
        LostEvents gone;
        synchronized (this) {
            gone = client.replayFrom(history);
        }
        if (gone != null) {
            long ids = gone.toId() - gone.fromId() + 1;
            long total = lostIds.add(ids);
            losses.warn(skipped -> "Event client " + client.sink.describe() + " reconnected too late: events " + gone.fromId() + " to "
                    + gone.toId() + " (" + ids + ") had left the replay history of gateway.events.history=" + historySize
                    + "; it was sent events_lost (" + total + " ids lost since start"
                    + (skipped > 0 ? ", " + skipped + " more clients not logged" : "") + ")");
        }
    }

    public long truncatedEvents() {
        return truncated.get();
    }

    public long lostEventIds() {
        return lostIds.get();
    }

    void flush(EventClient client, long now) {
        try {
            if (!client.flush(now)) {
                disconnect(client);
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "Sending to " + client.sink.describe() + " failed: " + e);
            disconnect(client);
        }
    }

    void drop(EventClient client, String why) {
        if (remove(client, why)) {
            warn("Dropped event client " + client.sink.describe() + " of " + client.principal + ": " + why, "events:" + client.principal);
        }
    }

    /** One log line and one alert however many go: thousands of each would flood the history the clients replay from. */
    void dropAll(List<EventClient> slow, String why) {
        long count = slow.stream().filter(client -> remove(client, why)).count();
        if (count > 0) {
            warn("Dropped " + count + " event clients: " + why, "events");
        }
    }

    private boolean remove(EventClient client, String why) {
        if (!client.closed.compareAndSet(false, true)) {
            return false;
        }
        clients.remove(client);
        client.worker.remove(client);
        dropped.increment();
        closeElsewhere(client.sink, "too slow: " + why);
        return true;
    }

    /**
     * Under {@code key}: the alerts of one caller's clients (or of one mass drop) reach the alert observers in the order
     * they were raised, like the other alerts, instead of racing on the default executor.
     */
    private void warn(String message, String key) {
        LOG.warning(message);
        SystemAlert alert = SystemAlert.warning("events", null, message);
        if (ordered != null) {
            alerts.fireAsync(alert, ordered.by(key));
        } else {
            alerts.fireAsync(alert);
        }
    }

    /** Off the delivery thread that noticed: closing a stalled WebSocket may wait for it. */
    private void closeElsewhere(EventSink sink, String reason) {
        try {
            if (scheduler != null) {
                scheduler.execute(() -> sink.close(reason));
                return;
            }
        } catch (RejectedExecutionException shuttingDown) {
            // close it here then
        }
        sink.close(reason);
    }

    @PreDestroy
    void stop() {
        if (probes != null) {
            probes.cancel(false);
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        if (shared != null) {
            shared.stop(Duration.ofSeconds(2)); // what this instance published last still reaches the others
        }
        if (delivery != null) {
            delivery.stop();
        }
        clients.forEach(c -> c.sink.close("gateway shutting down"));
        clients.clear();
    }

    /** Refused because gateway.events.max-clients, or max-clients-per-principal for this caller, are connected. */
    public static final class TooManyClientsException extends RuntimeException {
        private final boolean perPrincipal;

        TooManyClientsException(String message, boolean perPrincipal) {
            super(message);
            this.perPrincipal = perPrincipal;
        }

        public boolean perPrincipal() {
            return perPrincipal;
        }
    }
}
