package dev.mcphybrid.events;

import dev.mcphybrid.security.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live-event delivery under load, against a running gateway: N WebSocket and N SSE clients subscribe to the
 * execution events of one server while tool calls are made at a steady rate; every event's latency is its
 * arrival time minus the envelope's timestamp (set when the gateway published it). Also reports the gateway's
 * heap and threads from /metrics, and where the CPU went: gateway and load generator share the machine.
 *
 * <p>With {@code -Dbench.stream-from=URL,URL} the clients are spread round-robin over those gateways (instances of
 * one cluster) while the events are still published through {@code bench.gateway}: cross-instance delivery.
 *
 * <p>The clients are plain sockets read by two selector threads ({@link SocketEventClients}); with
 * {@code -Dbench.client=jdk} they are java.net.http clients instead, which cost the load generator several times more.
 */
public final class EventsLoadBenchmark {

    private static final String SERVER = "everything";
    private static final Pattern LOAD = Pattern.compile("(\\d+)\\+(\\d+)@(\\d+)");
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup", 5);
    /** Bounds the publisher: past it an overloaded gateway would get ever more connections rather than a steady rate. */
    private static final int MAX_CALLS_IN_FLIGHT = Integer.getInteger("bench.max-calls-in-flight", 128);

    private final String base;
    /** Where the clients connect: this gateway, or the instances of its cluster named by bench.stream-from. */
    private final List<String> streamBases;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** HTTP/1.1: with the default (HTTP/2 via h2c upgrade) many calls at once fail on the client's side. */
    private final HttpClient calls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final LongAdder received = new LongAdder();
    /** Deliveries and calls count from here on (epoch micros): what the warm-up published is left out. */
    private volatile long windowStartMicros = Long.MAX_VALUE;
    private volatile boolean measuring;
    /** Every event id delivered to at least one client in the window: each should reach every client. */
    private final java.util.Set<Long> seenIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    /** Calls not made because MAX_CALLS_IN_FLIGHT were still waiting: the gateway did not keep up with the rate. */
    private final AtomicLong skippedCalls = new AtomicLong();
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_CALLS_IN_FLIGHT);
    private final java.util.Map<String, LongAdder> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final boolean jdkClients = "jdk".equals(System.getProperty("bench.client"));
    private String publisher;

    /** Signs with the dev server's development key (java src/main/java/dev/mcphybrid/security/DevTokens.java). */
    private final DevTokens tokens;

    private EventsLoadBenchmark(String base) throws Exception {
        this.base = base;
        String streamFrom = System.getProperty("bench.stream-from", "");
        this.streamBases = streamFrom.isBlank() ? List.of(base) : List.of(streamFrom.split(","));
        this.tokens = DevTokens.fromPemFile(DevTokens.devServerKey());
    }

    /** One subject per client, so the per-principal connection limit does not apply to the load. */
    private String bearer(String subject) {
        return "Bearer " + tokens.mint(subject, List.of("admin"), Duration.ofHours(1));
    }

    public static void run(String base, int wsClients, int sseClients, int ratePerSecond, int seconds) throws Exception {
        new EventsLoadBenchmark(base).measure(wsClients, sseClients, ratePerSecond, seconds);
    }

    /** Several loads one after the other, each written {@code WS+SSE@RATE}, e.g. {@code 100+100@200,1000+1000@20}. */
    public static void runAll(String base, String loads, int seconds) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String load : loads.split(",")) {
            Matcher m = LOAD.matcher(load.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("a load is WS+SSE@RATE, e.g. 1000+1000@20; was " + load);
            }
            rows.add(new EventsLoadBenchmark(base).measure(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), seconds));
        }
        System.out.println("\n| WS + SSE clients | events/s (achieved) | delivered | p50 | p99 | p99.9 | heap | threads | CPU (of 200%) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    private String measure(int wsClients, int sseClients, int rate, int seconds) throws Exception {
        System.out.printf("%nLive events: %d WebSocket + %d SSE clients on %s, published through %s, %d events/s for %d s after %d s of warm-up (%s clients)%n",
                wsClients, sseClients, streamBases, base, rate, seconds, WARM_UP_SECONDS, jdkClients ? "java.net.http" : "socket");
        long expectedClients = wsClients + sseClients;
        AutoCloseable clients = jdkClients ? openJdkClients(wsClients, sseClients) : openSocketClients(wsClients, sseClients);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (streamingMetric("gateway_events_clients") < expectedClients && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("  connected: %.0f clients (gateway count)%n", streamingMetric("gateway_events_clients"));
        Thread.sleep(1000); // let the subscriptions settle

        publisher = bearer("bench-publisher");
        ScheduledExecutorService driver = Executors.newScheduledThreadPool(4);
        long periodNanos = 1_000_000_000L / rate;
        AtomicLong sequence = new AtomicLong();
        driver.scheduleAtFixedRate(() -> call(sequence.incrementAndGet()), 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(WARM_UP_SECONDS * 1000L); // the same load, not counted: JIT, pools and caches settle first
        double droppedBefore = streamingMetric("gateway_events_clients_dropped");
        latencies.reset();
        received.reset();
        seenIds.clear();
        published.set(0);
        failedCalls.set(0);
        skippedCalls.set(0);
        failures.clear();
        windowStartMicros = nowMicros();
        measuring = true;
        CpuSplit cpu = new CpuSplit(() -> gatewaysMetric("cpu_processCpuTime_seconds"));
        cpu.start();
        Thread.sleep(seconds * 1000L);
        driver.shutdownNow();
        measuring = false;
        String cpuSplit = cpu.stop();
        // until the last events have arrived: nothing new for 3 s (at most 30 s); latency shows how late they were
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int quietSeconds = 0; quietSeconds < 3 && System.nanoTime() < giveUp; ) {
            long before = received.sum();
            Thread.sleep(1000);
            quietSeconds = received.sum() == before ? quietSeconds + 1 : 0;
        }
        double heapMb = gatewaysMetric("memory_usedHeap_bytes") / 1024 / 1024;
        double threads = gatewaysMetric("thread_count");
        double dropped = streamingMetric("gateway_events_clients_dropped") - droppedBefore;

        // by the events seen rather than the calls made: calls in flight when the window opened publish inside it
        long expected = seenIds.size() * expectedClients;
        double delivered = expected == 0 ? 0 : received.sum() * 100.0 / expected;
        double achieved = published.get() / (double) seconds;
        System.out.printf("  calls: %d succeeded, %.0f/s (failed %d%s; not made, %d in flight already: %d)%n", published.get(), achieved,
                failedCalls.get(), failures.isEmpty() ? "" : ": " + failures, MAX_CALLS_IN_FLIGHT, skippedCalls.get());
        System.out.printf("  events: %d published in the window and seen by a client, deliveries expected %d, received %d (%.1f%%)%n",
                seenIds.size(), expected, received.sum(), delivered);
        System.out.printf("  delivery latency: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (target p99 < 10 ms)%n",
                latencies.percentile(50), latencies.percentile(99), latencies.percentile(99.9));
        System.out.printf("  gateway: heap used %.0f MB, %.0f threads, %.0f clients dropped as too slow%n", heapMb, threads, dropped);
        System.out.printf("  CPU while publishing: %s%n", cpuSplit);
        clients.close();
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (streamingMetric("gateway_events_clients") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200); // the next load starts on a gateway without clients
        }
        return String.format("| %d + %d | %d (%.0f) | %.1f%% | %.1f ms | %.1f ms | %.1f ms | %.0f MB | %.0f | %s |", wsClients, sseClients, rate,
                achieved, delivered, latencies.percentile(50), latencies.percentile(99), latencies.percentile(99.9), heapMb, threads, cpuSplit);
    }

    private AutoCloseable openSocketClients(int wsClients, int sseClients) throws Exception {
        List<SocketEventClients> perGateway = new ArrayList<>();
        for (String gateway : streamBases) {
            perGateway.add(new SocketEventClients(URI.create(gateway), 2, latencies, received, () -> windowStartMicros, seenIds));
        }
        String subscribe = "{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"" + SERVER + "\"]}";
        for (int i = 0; i < Math.max(wsClients, sseClients); i++) {
            SocketEventClients clients = perGateway.get(i % perGateway.size());
            if (i < wsClients) {
                clients.openWebSocket("/ws/events", bearer("bench-ws-" + i), subscribe);
            }
            if (i < sseClients) {
                clients.openSse("/api/events/stream?types=execution&servers=" + SERVER, bearer("bench-sse-" + i));
            }
        }
        return () -> {
            for (SocketEventClients clients : perGateway) {
                System.out.printf("  clients on %s: %d open, %d refused, %d closed by the gateway%n", clients.base(),
                        clients.opened(), clients.refused(), clients.closedByGateway());
                clients.close();
            }
        };
    }

    private AutoCloseable openJdkClients(int wsClients, int sseClients) throws Exception {
        List<WebSocket> sockets = new ArrayList<>();
        String wsUrl = base.replaceFirst("^http", "ws") + "/ws/events";
        for (int i = 0; i < wsClients; i++) {
            WebSocket socket = http.newWebSocketBuilder().header("Authorization", bearer("bench-ws-" + i))
                    .buildAsync(URI.create(wsUrl), new Listener()).get(30, TimeUnit.SECONDS);
            socket.sendText("{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"" + SERVER + "\"]}", true).join();
            sockets.add(socket);
        }
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        for (int i = 0; i < sseClients; i++) {
            streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/events/stream?types=execution&servers=" + SERVER))
                            .header("Accept", "text/event-stream").header("Authorization", bearer("bench-sse-" + i)).build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new Lines())));
        }
        return () -> {
            sockets.forEach(WebSocket::abort);
            streams.forEach(s -> s.cancel(true));
        };
    }

    private void call(long n) {
        boolean counted = measuring; // its event is published after the window starts, so it is expected
        if (!inFlight.tryAcquire()) {
            if (counted) {
                skippedCalls.incrementAndGet();
            }
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/tools/" + SERVER + ".echo/execute"))
                .header("Content-Type", "application/json").header("Authorization", publisher)
                .POST(HttpRequest.BodyPublishers.ofString("{\"arguments\":{\"message\":\"load-" + n + "-" + System.nanoTime() + "\"}}"))
                .build();
        calls.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            inFlight.release();
            if (!counted) {
                return;
            }
            if (error == null && response.statusCode() == 200) {
                published.incrementAndGet();
            } else {
                failedCalls.incrementAndGet();
                failures.computeIfAbsent(error != null ? describe(error) : "HTTP " + response.statusCode(), k -> new LongAdder()).increment();
            }
        });
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        String message = String.valueOf(cause.getMessage());
        return cause.getClass().getSimpleName() + " " + (message.length() > 60 ? message.substring(0, 60) : message);
    }

    /** Summed over the gateways the clients stream from. */
    private double streamingMetric(String name) {
        return streamBases.stream().mapToDouble(gateway -> metric(gateway, name)).sum();
    }

    /** Summed over every gateway taking part: the publishing one and those the clients stream from. */
    private double gatewaysMetric(String name) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(base), streamBases.stream()).distinct()
                .mapToDouble(gateway -> metric(gateway, name)).sum();
    }

    private double metric(String gateway, String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(gateway + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*}\\s+([0-9.eE+-]+)").matcher(body);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Feeds text the JDK clients received to a scanner of their own (one per client, as the socket clients have). */
    private EnvelopeScanner scanner() {
        return new EnvelopeScanner(latencies, received, () -> windowStartMicros, seenIds);
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static void scan(EnvelopeScanner scanner, CharSequence text) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
        scanner.scan(bytes, bytes.remaining(), nowMicros());
    }

    private final class Listener implements WebSocket.Listener {
        private final EnvelopeScanner scanner = scanner();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            scan(scanner, data);
            webSocket.request(1);
            return null;
        }
    }

    private final class Lines implements Flow.Subscriber<String> {
        private final EnvelopeScanner scanner = scanner();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data:")) {
                scan(scanner, line);
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
