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
 *
 * <p>With {@code -Dbench.reference=true} (the default) every load is run a second time against a
 * {@link ReferenceBroadcaster} in this JVM: the same clients and requests, the same envelopes and framing, the same
 * rate and seconds, on the same machine. Per load it prints deliveries/s and p50/p99 of both, and at the end the
 * highest deliveries/s each reached with p99 under {@value #TARGET_P99_MS} ms, and their ratio.
 */
public final class EventsLoadBenchmark {

    private static final String SERVER = "everything";
    private static final Pattern LOAD = Pattern.compile("(\\d+)\\+(\\d+)@(\\d+)");
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warmup", 5);
    /** Bounds the publisher: past it an overloaded gateway would get ever more connections rather than a steady rate. */
    private static final int MAX_CALLS_IN_FLIGHT = Integer.getInteger("bench.max-calls-in-flight", 128);
    /** Also run every load against the bare reference broadcaster. */
    private static final boolean REFERENCE = Boolean.parseBoolean(System.getProperty("bench.reference", "true"));
    /** The delivery target the comparison is made at: p99 below this. */
    static final double TARGET_P99_MS = 50;
    private static final String SUBSCRIBE = "{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"" + SERVER + "\"]}";
    private static final String SSE_PATH = "/api/events/stream?types=execution&servers=" + SERVER;

    /**
     * What one load gave: its table row and the figures the comparison with the reference needs.
     *
     * @param delivered percent of the deliveries expected that arrived
     */
    record Result(String row, double deliveriesPerSecond, double p50, double p99, double delivered) {

        /** p99 under the target, counting a delivery that never came as later than any: so at least 99% arrived. */
        boolean withinTarget() {
            return delivered >= 99 && p99 < TARGET_P99_MS;
        }
    }

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
    /**
     * Deliveries count of events published before this (epoch micros): set when the window closes, so events of calls
     * still in flight then (the gateway's) are left out as the warm-up's are, and deliveries/s is per second of window.
     */
    private volatile long windowEndMicros = Long.MAX_VALUE;
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

    /**
     * Signs with the dev server's development key (java src/main/java/dev/mcphybrid/security/DevTokens.java), or the
     * private key file named by {@code bench.key}.
     */
    private final DevTokens tokens;

    private EventsLoadBenchmark(String base) throws Exception {
        this.base = base;
        String streamFrom = System.getProperty("bench.stream-from", "");
        this.streamBases = streamFrom.isBlank() ? List.of(base) : List.of(streamFrom.split(","));
        String key = System.getProperty("bench.key", "");
        this.tokens = DevTokens.fromPemFile(key.isBlank() ? DevTokens.devServerKey() : java.nio.file.Path.of(key));
    }

    /** One subject per client, so the per-principal connection limit does not apply to the load. */
    private String bearer(String subject) {
        return "Bearer " + tokens.mint(subject, List.of("admin"), Duration.ofHours(1));
    }

    public static void run(String base, int wsClients, int sseClients, int ratePerSecond, int seconds) throws Exception {
        Result gateway = new EventsLoadBenchmark(base).measure(wsClients, sseClients, ratePerSecond, seconds);
        if (REFERENCE) {
            Result reference = new EventsLoadBenchmark(base).measureReference(wsClients, sseClients, ratePerSecond, seconds);
            compare(List.of(wsClients + " + " + sseClients + " @ " + ratePerSecond), List.of(gateway), List.of(reference));
        }
    }

    /** Several loads one after the other, each written {@code WS+SSE@RATE}, e.g. {@code 100+100@200,1000+1000@20}. */
    public static void runAll(String base, String loads, int seconds) throws Exception {
        List<String> names = new ArrayList<>();
        List<Result> gateway = new ArrayList<>();
        List<Result> reference = new ArrayList<>();
        for (String load : loads.split(",")) {
            Matcher m = LOAD.matcher(load.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("a load is WS+SSE@RATE, e.g. 1000+1000@20; was " + load);
            }
            int ws = Integer.parseInt(m.group(1));
            int sse = Integer.parseInt(m.group(2));
            int rate = Integer.parseInt(m.group(3));
            names.add(ws + " + " + sse + " @ " + rate);
            gateway.add(new EventsLoadBenchmark(base).measure(ws, sse, rate, seconds));
            if (REFERENCE) {
                reference.add(new EventsLoadBenchmark(base).measureReference(ws, sse, rate, seconds));
            }
        }
        System.out.println("\n| WS + SSE clients | events/s (achieved) | delivered | p50 | p99 | p99.9 | heap | threads | CPU (of 200%) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        gateway.forEach(result -> System.out.println(result.row()));
        if (REFERENCE) {
            compare(names, gateway, reference);
        }
    }

    /** Per load both sides' deliveries/s and p50/p99, then the best each reached within the target, and the ratio. */
    private static void compare(List<String> loads, List<Result> gateway, List<Result> reference) {
        System.out.println("\n| WS + SSE @ events/s | gateway deliveries/s | p50 | p99 | delivered | reference deliveries/s | p50 | p99 | delivered |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int i = 0; i < loads.size(); i++) {
            Result g = gateway.get(i);
            Result r = reference.get(i);
            System.out.printf("| %s | %.0f | %.1f ms | %.1f ms | %.1f%% | %.0f | %.1f ms | %.1f ms | %.1f%% |%n", loads.get(i),
                    g.deliveriesPerSecond(), g.p50(), g.p99(), g.delivered(), r.deliveriesPerSecond(), r.p50(), r.p99(), r.delivered());
        }
        double x = best(gateway);
        double y = best(reference);
        String target = String.format("p99 < %.0f ms", TARGET_P99_MS);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            System.out.printf("deliveries/s at %s: gateway %s, reference %s, ratio: none (%s)%n", target,
                    Double.isNaN(x) ? "none" : String.format("%.0f", x), Double.isNaN(y) ? "none" : String.format("%.0f", y),
                    "no load kept p99 under the target with at least 99% delivered on "
                            + (Double.isNaN(x) && Double.isNaN(y) ? "either side" : Double.isNaN(x) ? "the gateway" : "the reference"));
        } else {
            System.out.printf("deliveries/s at %s: gateway %.0f, reference %.0f, ratio %.2f%n", target, x, y, x / y);
            if (x > y) {
                System.out.println("  (above 1: the reference missed the target at a load the gateway met; its fan-out costs less, so the"
                        + " machine decided: compare the CPU lines, and run again when the machine is quiet)");
            }
            if (reference.stream().allMatch(Result::withinTarget)) {
                System.out.println("  (the reference stayed within the target at every load tried: its limit lies higher, so this ratio is an upper bound)");
            }
        }
    }

    /** The highest deliveries/s among the loads within the target, NaN when none was. */
    private static double best(List<Result> results) {
        return results.stream().filter(Result::withinTarget).mapToDouble(Result::deliveriesPerSecond).max().orElse(Double.NaN);
    }

    private Result measure(int wsClients, int sseClients, int rate, int seconds) throws Exception {
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
        double droppedBefore = streamingMetric("gateway_events_clients_dropped_total");
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
        windowEndMicros = nowMicros();
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
        double dropped = streamingMetric("gateway_events_clients_dropped_total") - droppedBefore;

        // by the events seen rather than the calls made: calls in flight when the window opened publish inside it
        long expected = seenIds.size() * expectedClients;
        double delivered = expected == 0 ? 0 : received.sum() * 100.0 / expected;
        double achieved = published.get() / (double) seconds;
        System.out.printf("  calls: %d succeeded, %.0f/s (failed %d%s; not made, %d in flight already: %d)%n", published.get(), achieved,
                failedCalls.get(), failures.isEmpty() ? "" : ": " + failures, MAX_CALLS_IN_FLIGHT, skippedCalls.get());
        System.out.printf("  events: %d published in the window and seen by a client, deliveries expected %d, received %d (%.1f%%), %.0f/s%n",
                seenIds.size(), expected, received.sum(), delivered, received.sum() / (double) seconds);
        System.out.printf("  delivery latency: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (target p99 < 50 ms)%n",
                latencies.percentile(50), latencies.percentile(99), latencies.percentile(99.9));
        System.out.printf("  gateway: heap used %.0f MB, %.0f threads, %.0f clients dropped as too slow%n", heapMb, threads, dropped);
        System.out.printf("  CPU while publishing: %s%n", cpuSplit);
        clients.close();
        if (dev.mcphybrid.bench.Benchmarks.smoke() && (published.get() == 0 || received.sum() == 0)) {
            // timing is never judged, but a smoke run that moved nothing means the benchmark is broken
            throw new IllegalStateException("smoke run: " + published.get() + " calls succeeded, " + received.sum()
                    + " events received (failures: " + failures + ")");
        }
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (streamingMetric("gateway_events_clients") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200); // the next load starts on a gateway without clients
        }
        String row = String.format("| %d + %d | %d (%.0f) | %.1f%% | %.1f ms | %.1f ms | %.1f ms | %.0f MB | %.0f | %s |", wsClients, sseClients, rate,
                achieved, delivered, latencies.percentile(50), latencies.percentile(99), latencies.percentile(99.9), heapMb, threads, cpuSplit);
        return new Result(row, received.sum() / (double) seconds, latencies.percentile(50), latencies.percentile(99), delivered);
    }

    /**
     * The same load against a {@link ReferenceBroadcaster} started in this JVM on an ephemeral port: the same socket
     * clients and requests, events generated by the reference at the same rate, the same warm-up and window.
     */
    private Result measureReference(int wsClients, int sseClients, int rate, int seconds) throws Exception {
        awaitGatewayQuiet();
        try (ReferenceBroadcaster reference = new ReferenceBroadcaster()) {
            System.out.printf("%nReference broadcaster: %d WebSocket + %d SSE clients on %s, %d events/s for %d s after %d s of warm-up (socket clients)%n",
                    wsClients, sseClients, reference.uri(), rate, seconds, WARM_UP_SECONDS);
            long expectedClients = wsClients + sseClients;
            SocketEventClients clients = new SocketEventClients(reference.uri(), 2, latencies, received, this::inWindow, seenIds);
            for (int i = 0; i < Math.max(wsClients, sseClients); i++) {
                if (i < wsClients) {
                    clients.openWebSocket("/ws/events", bearer("bench-ws-" + i), SUBSCRIBE);
                }
                if (i < sseClients) {
                    clients.openSse(SSE_PATH, bearer("bench-sse-" + i));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (reference.clients() < expectedClients && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf("  connected: %d clients (reference count)%n", reference.clients());
            Thread.sleep(1000);

            reference.startPublishing(rate);
            Thread.sleep(WARM_UP_SECONDS * 1000L);
            int droppedBefore = reference.dropped();
            latencies.reset();
            received.reset();
            seenIds.clear();
            windowStartMicros = nowMicros();
            long publishedBefore = reference.published();
            CpuSplit cpu = new CpuSplit("reference");
            cpu.start();
            Thread.sleep(seconds * 1000L);
            reference.stopPublishing();
            windowEndMicros = nowMicros();
            String cpuSplit = cpu.stop();
            long publishedInWindow = reference.published() - publishedBefore;
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int quietSeconds = 0; quietSeconds < 3 && System.nanoTime() < giveUp; ) {
                long before = received.sum();
                Thread.sleep(1000);
                quietSeconds = received.sum() == before ? quietSeconds + 1 : 0;
            }
            long expected = seenIds.size() * expectedClients;
            double delivered = expected == 0 ? 0 : received.sum() * 100.0 / expected;
            System.out.printf("  events: %d generated in the window (%.0f/s), %d seen by a client, deliveries expected %d, received %d (%.1f%%), %.0f/s%n",
                    publishedInWindow, publishedInWindow / (double) seconds, seenIds.size(), expected, received.sum(), delivered,
                    received.sum() / (double) seconds);
            System.out.printf("  delivery latency: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms%n",
                    latencies.percentile(50), latencies.percentile(99), latencies.percentile(99.9));
            System.out.printf("  reference: %d clients dropped as too slow; CPU while publishing: %s%n", reference.dropped() - droppedBefore, cpuSplit);
            System.out.printf("  clients: %d open, %d refused, %d closed by the reference%n", clients.opened(), clients.refused(), clients.closedByGateway());
            clients.close();
            if (dev.mcphybrid.bench.Benchmarks.smoke() && received.sum() == 0) {
                throw new IllegalStateException("smoke run: the reference broadcaster generated " + publishedInWindow
                        + " events in the window and its clients received none");
            }
            return new Result("", received.sum() / (double) seconds, latencies.percentile(50), latencies.percentile(99), delivered);
        }
    }

    /**
     * Waits (at most 60 s) until the gateway uses under a tenth of a core: after a load it keeps working for a while
     * (audit rows, collecting its heap), and the reference, on the same cores, must not be measured against that.
     */
    private void awaitGatewayQuiet() throws InterruptedException {
        long start = System.nanoTime();
        double before = gatewaysMetric("cpu_processCpuTime_seconds");
        double used = Double.NaN;
        while (System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(1000);
            double now = gatewaysMetric("cpu_processCpuTime_seconds");
            used = now - before;
            before = now;
            if (!(used >= 0.1)) { // NaN (no metric) ends the wait too
                break;
            }
        }
        System.out.printf("  (waited %.0f s for the gateway to go quiet before the reference: %.0f%% of a core in the last second)%n",
                (System.nanoTime() - start) / 1e9, used * 100);
    }

    private AutoCloseable openSocketClients(int wsClients, int sseClients) throws Exception {
        List<SocketEventClients> perGateway = new ArrayList<>();
        for (String gateway : streamBases) {
            perGateway.add(new SocketEventClients(URI.create(gateway), 2, latencies, received, this::inWindow, seenIds));
        }
        for (int i = 0; i < Math.max(wsClients, sseClients); i++) {
            SocketEventClients clients = perGateway.get(i % perGateway.size());
            if (i < wsClients) {
                clients.openWebSocket("/ws/events", bearer("bench-ws-" + i), SUBSCRIBE);
            }
            if (i < sseClients) {
                clients.openSse(SSE_PATH, bearer("bench-sse-" + i));
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
        return new EnvelopeScanner(latencies, received, this::inWindow, seenIds);
    }

    private boolean inWindow(long publishedMicros) {
        return publishedMicros >= windowStartMicros && publishedMicros < windowEndMicros;
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
