package dev.mcphybrid.events;

import dev.mcphybrid.cluster.ClusterStore;
import dev.mcphybrid.common.Tally;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;
import static dev.mcphybrid.common.JsonSupport.JSON;

/**
 * The cluster's one event log: a Redis Stream that every instance appends its events to and reads every event
 * from, so each SSE and WebSocket client of every instance sees the same events in the same order under the same
 * ids. The stream entry id is {@code <event id>-0}: a script numbers each appended event one above the newest entry
 * (the first ever at the current time in milliseconds times 1000, as a single instance numbers them), so ids are
 * cluster-wide, gapless and increasing, and an id from any instance means the same event on every other one. The
 * stream is trimmed to about {@code gateway.events.history} entries, which each instance also keeps in memory for
 * replay.
 * <p>
 * One writer thread appends what producers queued, in batches and in the order they were queued, so the events of
 * one source stay in order. One reader thread blocks on XREAD and hands what arrives to the bus. While Redis does
 * not answer, events wait in a bounded queue (the oldest are dropped and counted when it is full) and are appended
 * once it answers again; clients of every instance then get them late but in order.
 */
final class SharedEventLog {

    private static final Logger LOG = Logger.getLogger(SharedEventLog.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int BATCH = 200;
    private static final int READ_COUNT = 1000;
    /** Appends ARGV[2..] (type, timestamp, server or '', data, origin, repeated) with ids one above the newest entry. */
    private static final String APPEND = """
            local last
            local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            if #newest > 0 then
              local id = newest[1][1]
              last = tonumber(string.sub(id, 1, string.find(id, '-', 1, true) - 1))
            else
              local now = redis.call('TIME')
              last = (tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)) * 1000
            end
            for i = 2, #ARGV, 5 do
              last = last + 1
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], string.format('%.0f', last) .. '-0',
                'type', ARGV[i], 'ts', ARGV[i + 1], 'server', ARGV[i + 2], 'data', ARGV[i + 3], 'from', ARGV[i + 4])
            end
            return string.format('%.0f', last)""";

    /** An event as a producer hands it over, before the log has numbered it. */
    record Draft(EventType type, String serverId, Instant timestamp, JsonObject data) {
    }

    private final UnifiedJedis redis;
    private final UnifiedJedis blocking;
    private final String stream;
    private final int maxLength;
    private final String origin;
    private final Consumer<List<GatewayEvent>> receiver;
    private final BlockingQueue<Draft> outbox;
    private final Tally dropped = new Tally();
    private final AtomicLong appended = new AtomicLong();
    private volatile boolean running = true;
    private volatile long lastRead;
    private volatile boolean writeFailing;
    private volatile boolean readFailing;
    private Thread writer;
    private Thread reader;

    /**
     * @param receiver gets every event of the log after the ones {@link #tail} gave, in order, on the reader thread
     */
    SharedEventLog(UnifiedJedis redis, UnifiedJedis blocking, String stream, int maxLength, String origin,
                   Consumer<List<GatewayEvent>> receiver) {
        this.redis = redis;
        this.blocking = blocking;
        this.stream = stream;
        this.maxLength = maxLength;
        this.origin = origin;
        this.receiver = receiver;
        this.outbox = new ArrayBlockingQueue<>(Math.max(maxLength, BATCH));
    }

    /**
     * The newest {@code count} events of the log, oldest first, to fill an instance's history before it reads on;
     * reading starts after the newest of them. Empty when the log is empty or Redis does not answer (logged).
     */
    List<GatewayEvent> tail(int count) {
        try {
            List<StreamEntry> newestFirst = redis.xrevrange(stream, "+", "-", count);
            List<GatewayEvent> events = new ArrayList<>(newestFirst.size());
            for (StreamEntry entry : newestFirst) {
                GatewayEvent event = event(entry);
                if (event != null) {
                    events.add(event);
                }
            }
            Collections.reverse(events);
            lastRead = newestFirst.isEmpty() ? 0 : newestFirst.get(0).getID().getTime();
            return events;
        } catch (RuntimeException e) {
            LOG.warning(() -> "Cannot read the shared event log " + stream + " (" + e + "); starting with an empty history");
            return List.of();
        }
    }

    /** The id of the newest event in the log; {@code orElse} when it is empty or cannot be read. */
    long newestId(long orElse) {
        try {
            List<StreamEntry> newest = redis.xrevrange(stream, "+", "-", 1);
            return newest.isEmpty() ? orElse : newest.get(0).getID().getTime();
        } catch (RuntimeException e) {
            return orElse;
        }
    }

    void start(ThreadFactory threads) {
        writer = threads.newThread(this::writeLoop);
        writer.setName("events-log-writer");
        writer.setDaemon(true);
        reader = threads.newThread(this::readLoop);
        reader.setName("events-log-reader");
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }

    /** Queues an event for the log; never blocks. When the queue is full (Redis down long) the oldest is dropped. */
    void append(Draft draft) {
        while (!outbox.offer(draft)) {
            if (outbox.poll() != null && dropped.increment() == 1) {
                LOG.warning(() -> "The shared event log is not taking events: dropping the oldest waiting ones");
            }
        }
    }

    long dropped() {
        return dropped.get();
    }

    void exportDropped(MetricRegistry metrics, String name) {
        dropped.exportAs(metrics, name);
    }

    long appended() {
        return appended.get();
    }

    int waiting() {
        return outbox.size();
    }

    boolean failing() {
        return writeFailing || readFailing;
    }

    /** Stops reading and appends what is still queued, for at most {@code grace}. */
    void stop(Duration grace) {
        running = false;
        long deadline = System.nanoTime() + grace.toNanos();
        while (!outbox.isEmpty() && System.nanoTime() < deadline && !writeFailing) {
            sleep(Duration.ofMillis(20));
        }
        if (writer != null) {
            writer.interrupt();
            reader.interrupt();
        }
    }

    private void writeLoop() {
        List<Draft> batch = new ArrayList<>(BATCH);
        while (running || !outbox.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Draft first = outbox.poll(500, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    outbox.drainTo(batch, BATCH - 1);
                }
                write(batch);
                appended.addAndGet(batch.size());
                batch.clear();
                if (writeFailing) {
                    writeFailing = false;
                    LOG.info(() -> "The shared event log " + stream + " takes events again");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the batch is kept and sent again: its events stay in order before everything queued after them
                if (!writeFailing) {
                    writeFailing = true;
                    LOG.warning(() -> "Cannot append to the shared event log " + stream + " (" + e + "); events wait until it answers");
                }
                sleep(RETRY);
            }
        }
    }

    private void write(List<Draft> batch) {
        List<String> arguments = new ArrayList<>(1 + batch.size() * 5);
        arguments.add(String.valueOf(maxLength));
        for (Draft draft : batch) {
            arguments.add(draft.type().wireName());
            arguments.add(draft.timestamp().toString());
            arguments.add(draft.serverId() == null ? "" : draft.serverId());
            arguments.add(draft.data().toString());
            arguments.add(origin);
        }
        redis.eval(APPEND, List.of(stream), arguments);
    }

    private void readLoop() {
        XReadParams params = XReadParams.xReadParams().block((int) ClusterStore.BLOCK.toMillis()).count(READ_COUNT);
        while (running) {
            try {
                var read = blocking.xread(params, Map.of(stream, new StreamEntryID(lastRead, 0)));
                if (readFailing) {
                    readFailing = false;
                    LOG.info(() -> "The shared event log " + stream + " can be read again");
                }
                if (read == null || read.isEmpty()) {
                    continue;
                }
                List<GatewayEvent> events = new ArrayList<>();
                for (var perStream : read) {
                    for (StreamEntry entry : perStream.getValue()) {
                        lastRead = entry.getID().getTime();
                        GatewayEvent event = event(entry);
                        if (event != null) {
                            events.add(event);
                        }
                    }
                }
                if (!events.isEmpty()) {
                    receiver.accept(events);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!readFailing) {
                    readFailing = true;
                    LOG.warning(() -> "Cannot read the shared event log " + stream + " (" + e + "); retrying every second");
                }
                sleep(RETRY);
            }
        }
    }

    /** Null for a type this version does not know (written by a newer instance during a rolling upgrade). */
    static GatewayEvent event(StreamEntry entry) {
        Map<String, String> fields = entry.getFields();
        EventType type = EventType.fromWireName(fields.get("type")).orElse(null);
        if (type == null) {
            return null;
        }
        String server = fields.get("server");
        JsonObject data;
        try (var reader = JSON.createReader(new StringReader(fields.get("data")))) {
            data = reader.readObject();
        }
        return GatewayEvent.of(entry.getID().getTime(), type, server == null || server.isEmpty() ? null : server,
                fields.get("from"), Instant.parse(fields.get("ts")), data);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
