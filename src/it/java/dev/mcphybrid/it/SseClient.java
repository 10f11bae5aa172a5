package dev.mcphybrid.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A minimal server-sent events client for the tests: collects every event with its id, name and arrival time. */
public final class SseClient implements AutoCloseable {

    public record Event(String id, String name, String data, long receivedNanos) {
        public JsonObject json() {
            try (var reader = Json.createReader(new StringReader(data))) {
                return reader.readObject();
            }
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> rawLines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile InputStream body;
    private volatile int status;
    private volatile java.net.http.HttpHeaders headers;
    private volatile boolean ended;

    public SseClient(String path, String lastEventId) {
        this(path, lastEventId, Tokens.admin());
    }

    public SseClient(String path, String lastEventId, String token) {
        this(GatewayClient.url(), path, lastEventId, token);
    }

    /** On the gateway at {@code base}, e.g. another member of the cluster or the load balancer. */
    public SseClient(String base, String path, String lastEventId, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            headers = response.headers();
            body = response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                rawLines.add(line);
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, name, data.toString(), System.nanoTime()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (IOException closed) {
            // the test closed the stream, or the connection broke
        } finally {
            ended = true;
        }
    }

    /** The stream is over: the test closed it, or the server or the connection went away. */
    public boolean ended() {
        return ended;
    }

    public java.util.Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The id of the last event received that had one: what a reconnect sends as Last-Event-ID. */
    public String lastEventId() {
        String last = null;
        for (Event event : events) {
            if (event.id() != null) {
                last = event.id();
            }
        }
        return last;
    }

    public int status() {
        return status;
    }

    public List<Event> events() {
        return events;
    }

    public List<Event> events(String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    public List<String> rawLines() {
        return rawLines;
    }

    public Event await(Predicate<Event> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event event : events) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            McpServerProcess.sleep(50);
        }
        throw new AssertionError("no matching event within " + within + "; got " + events.size() + " events: " + events);
    }

    @Override
    public void close() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (IOException ignored) {
            // closed already
        }
        reader.interrupt();
    }
}
