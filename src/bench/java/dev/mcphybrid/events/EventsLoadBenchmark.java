package dev.mcphybrid.events;

import java.net.URI;
import java.net.http.HttpClient;
import dev.mcphybrid.security.DevTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live-event delivery under load, against a running gateway: N WebSocket and N SSE clients subscribe to the
 * execution events of one server while tool calls are made at a steady rate; every event's latency is its
 * arrival time minus the envelope's timestamp (set when the gateway published it). Also reports the gateway's
 * heap and threads from /metrics.
 */
public final class EventsLoadBenchmark {

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private static final String SERVER = "everything";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong received = new AtomicLong();
    private String publisher;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();

    /** Signs with the dev server's development key (java src/main/java/dev/mcphybrid/security/DevTokens.java). */
    private final DevTokens tokens;

    private EventsLoadBenchmark(String base) throws Exception {
        this.base = base;
        this.tokens = DevTokens.fromPemFile(DevTokens.devServerKey());
    }

    /** One subject per client, so the per-principal connection limit does not apply to the load. */
    private String bearer(String subject) {
        return "Bearer " + tokens.mint(subject, List.of("admin"), Duration.ofHours(1));
    }

    public static void run(String base, int wsClients, int sseClients, int ratePerSecond, int seconds) throws Exception {
        new EventsLoadBenchmark(base).measure(wsClients, sseClients, ratePerSecond, seconds);
    }

    private void measure(int wsClients, int sseClients, int rate, int seconds) throws Exception {
        System.out.printf("%nLive events: %d WebSocket + %d SSE clients on %s, %d events/s for %d s%n",
                wsClients, sseClients, base, rate, seconds);
        List<WebSocket> sockets = new ArrayList<>();
        String wsUrl = base.replaceFirst("^http", "ws") + "/ws/events";
        for (int i = 0; i < wsClients; i++) {
            WebSocket socket = http.newWebSocketBuilder().header("Authorization", bearer("bench-ws-" + i)).buildAsync(URI.create(wsUrl), new Listener()).get(30, TimeUnit.SECONDS);
            socket.sendText("{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"" + SERVER + "\"]}", true).join();
            sockets.add(socket);
        }
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        for (int i = 0; i < sseClients; i++) {
            streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/events/stream?types=execution&servers=" + SERVER))
                    .header("Accept", "text/event-stream").header("Authorization", bearer("bench-sse-" + i)).build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Lines())));
        }
        long expectedClients = wsClients + sseClients;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (metric("gateway_events_clients") < expectedClients && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("  connected: %.0f clients (gateway count)%n", metric("gateway_events_clients"));
        Thread.sleep(1000); // let the subscriptions settle

        publisher = bearer("bench-publisher");
        ScheduledExecutorService driver = Executors.newScheduledThreadPool(4);
        long periodNanos = 1_000_000_000L / rate;
        AtomicLong sequence = new AtomicLong();
        driver.scheduleAtFixedRate(() -> call(sequence.incrementAndGet()), 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(seconds * 1000L);
        driver.shutdownNow();
        Thread.sleep(2000); // the last events arrive
        double heapMb = metric("memory_usedHeap_bytes") / 1024 / 1024;
        double threads = metric("thread_count");
        double dropped = metric("gateway_events_clients_dropped");

        long expected = published.get() * expectedClients;
        System.out.printf("  events published: %d (failed calls %d), deliveries expected %d, received %d (%.1f%%)%n",
                published.get(), failedCalls.get(), expected, received.get(), expected == 0 ? 0 : received.get() * 100.0 / expected);
        System.out.printf("  delivery latency: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (target p99 < 10 ms)%n",
                latencies.percentile(50), latencies.percentile(99), latencies.percentile(99.9));
        System.out.printf("  gateway: heap used %.0f MB, %.0f threads, %.0f clients dropped as too slow%n", heapMb, threads, dropped);
        sockets.forEach(WebSocket::abort);
        streams.forEach(s -> s.cancel(true));
    }

    private void call(long n) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/tools/" + SERVER + ".echo/execute"))
                .header("Content-Type", "application/json").header("Authorization", publisher)
                .POST(HttpRequest.BodyPublishers.ofString("{\"arguments\":{\"message\":\"load-" + n + "-" + System.nanoTime() + "\"}}"))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 200) {
                published.incrementAndGet();
            } else {
                failedCalls.incrementAndGet();
            }
        });
    }

    private void arrived(CharSequence text) {
        long now = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        Matcher matcher = TIMESTAMP.matcher(text);
        while (matcher.find()) {
            Instant sent = Instant.parse(matcher.group(1));
            long sentMicros = sent.getEpochSecond() * 1_000_000 + sent.getNano() / 1000;
            latencies.record(Math.max(0, now - sentMicros) / 1000.0);
            received.incrementAndGet();
        }
    }

    private double metric(String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*}\\s+([0-9.eE+-]+)").matcher(body);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                arrived(partial);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private final class Lines implements Flow.Subscriber<String> {
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data:")) {
                arrived(line);
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
