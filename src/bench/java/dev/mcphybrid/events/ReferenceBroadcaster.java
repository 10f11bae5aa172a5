package dev.mcphybrid.events;

import static dev.mcphybrid.common.JsonSupport.JSON;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare broadcaster the gateway's event fan-out is compared with: what a competent minimal server on the JDK alone
 * does to send the same envelopes, framed the same way, to the same clients. It accepts the SSE GET and WebSocket
 * upgrade requests {@link SocketEventClients} makes (any path; the Authorization header is read and ignored) and
 * sends every event it generates to every client: nothing is filtered, replayed, authenticated or counted per caller.
 *
 * <p>Design: one non-blocking selector thread per core, each owning a share of the connections, plus one thread that
 * accepts. That is the usual shape of a small fan-out server (a thread per client would mean thousands of threads and
 * their switches on two cores, and blocking writes let one slow client hold up the others). An event's envelope is
 * built once (the gateway's own {@link GatewayEvent} JSON) and its SSE frame encoded once; every client gets
 * slices of the same bytes by a gathering write. Events that arrive for a client while its previous write is still
 * unfinished wait and go out together in the next write, the way the gateway batches: SSE frames one after the other,
 * WebSocket a JSON array in one text frame (one envelope alone is a JSON object). Unlike the gateway there is no
 * batch window: an event goes out as soon as the socket takes it. SSE bodies are chunked, as Liberty sends them, and
 * start with the same {@code connected} event; a WebSocket client's subscribe message gets a {@code subscribed}
 * reply. A client with more than {@link #CLIENT_QUEUE} events waiting (the gateway's default client queue) is closed,
 * so one stalled reader cannot grow the heap.
 *
 * <p>It generates {@code execution} envelopes like the gateway's for a finished {@code everything.echo} call (same
 * members, similar size) at a steady rate, stamped with the time they are made, so the clients measure latency the
 * same way as against the gateway.
 */
public final class ReferenceBroadcaster implements AutoCloseable {

    /** Events waiting for one client before it is closed as stalled: the gateway's gateway.events.client-queue. */
    static final int CLIENT_QUEUE = 1000;
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] SSE_HEAD = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n");
    private static final byte[] HELLO = ascii("event: connected\nretry: 3000\ndata: {\"retryMs\":3000}\n\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] OPEN = ascii("[");
    private static final byte[] COMMA = ascii(",");
    private static final byte[] CLOSE = ascii("]");

    private final ServerSocketChannel server;
    private final List<Loop> loops = new ArrayList<>();
    private final Thread acceptor;
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "reference-publisher"));
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private ScheduledFuture<?> publishing;
    private volatile boolean running = true;

    /** Listens on an ephemeral port of the loopback interface, with one selector thread per core. */
    public ReferenceBroadcaster() throws IOException {
        this(Runtime.getRuntime().availableProcessors());
    }

    ReferenceBroadcaster(int selectorThreads) throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        for (int i = 0; i < selectorThreads; i++) {
            Loop loop = new Loop(i);
            loops.add(loop);
            loop.start();
        }
        acceptor = daemon(this::accept, "reference-acceptor");
        acceptor.start();
    }

    /** e.g. http://127.0.0.1:41234 */
    public URI uri() {
        try {
            InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
            return URI.create("http://" + local.getAddress().getHostAddress() + ":" + local.getPort());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Clients whose stream is open (SSE head sent, WebSocket handshake answered) and not closed since. */
    public int clients() {
        return clients.get();
    }

    /** Clients closed because they had more than CLIENT_QUEUE events waiting. */
    public int dropped() {
        return dropped.get();
    }

    /** Events generated since the start. */
    public long published() {
        return published.get();
    }

    /** Generates and sends {@code perSecond} events a second from now on, until {@link #stopPublishing}. */
    public synchronized void startPublishing(int perSecond) {
        stopPublishing();
        publishing = publisher.scheduleAtFixedRate(this::publishOne, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
    }

    public synchronized void stopPublishing() {
        if (publishing != null) {
            publishing.cancel(false);
            publishing = null;
        }
    }

    /** One envelope shaped like the gateway's for a finished everything.echo call, to every client. */
    void publishOne() {
        long id = ids.incrementAndGet();
        var data = JSON.createObjectBuilder().add("phase", "finished").add("executionId", UUID.randomUUID().toString())
                .add("toolId", "everything.echo").add("status", "SUCCESS").add("cached", false).add("durationMs", 1)
                .add("principal", "bench-publisher").build();
        publish(GatewayEvent.of(id, EventType.EXECUTION, "everything", Instant.now(), data));
    }

    /** Sends one event to every client. */
    void publish(GatewayEvent event) {
        Outgoing outgoing = new Outgoing(event);
        published.incrementAndGet();
        for (Loop loop : loops) {
            loop.events.add(outgoing);
            loop.selector.wakeup();
        }
    }

    /** The SSE bytes of these events, one frame after the other, as the gateway writes them (without the chunking). */
    public static byte[] sseFrames(List<GatewayEvent> events) {
        return join(events.stream().map(e -> new Outgoing(e).sse).toList(), null, null, null);
    }

    /** The text of the one WebSocket message these events go out in: an object, or an array of several. */
    public static String webSocketText(List<GatewayEvent> events) {
        List<byte[]> json = events.stream().map(GatewayEvent::jsonUtf8).toList();
        byte[] text = events.size() == 1 ? json.get(0) : join(json, OPEN, COMMA, CLOSE);
        return new String(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        stopPublishing();
        publisher.shutdownNow();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        loops.forEach(loop -> loop.selector.wakeup());
        for (Loop loop : loops) {
            try {
                loop.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        int next = 0;
        while (running) {
            try {
                SocketChannel channel = server.accept();
                channel.configureBlocking(false);
                channel.socket().setTcpNoDelay(true);
                Loop loop = loops.get(next++ % loops.size());
                loop.accepted.add(channel);
                loop.selector.wakeup();
            } catch (IOException e) {
                if (running) {
                    System.err.println("reference broadcaster: accept failed: " + e);
                }
            }
        }
    }

    /** An event as its clients get it: the envelope's UTF-8 JSON and its SSE frame, shared by every client. */
    private static final class Outgoing {
        final byte[] json;
        final byte[] sse;

        Outgoing(GatewayEvent event) {
            json = event.jsonUtf8();
            sse = join(List.of(ascii("id: " + event.id() + "\nevent: " + event.type().wireName() + "\ndata: "), json,
                    ascii("\n\n")), null, null, null);
        }
    }

    /** One selector thread: reads requests, answers them, and writes events to its share of the clients. */
    private final class Loop extends Thread {
        final Selector selector;
        final Queue<SocketChannel> accepted = new ConcurrentLinkedQueue<>();
        final Queue<Outgoing> events = new ConcurrentLinkedQueue<>();
        private final List<Client> streaming = new ArrayList<>();
        private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);

        Loop(int n) throws IOException {
            super("reference-loop-" + n);
            setDaemon(true);
            selector = Selector.open();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select();
                    for (SocketChannel channel; (channel = accepted.poll()) != null; ) {
                        Client client = new Client(channel);
                        client.key = channel.register(selector, SelectionKey.OP_READ, client);
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        Client client = (Client) key.attachment();
                        try {
                            if (key.isValid() && key.isReadable()) {
                                client.read(this);
                            }
                            if (key.isValid() && key.isWritable()) {
                                client.flush();
                            }
                        } catch (IOException | RuntimeException e) {
                            client.close(this);
                        }
                    }
                    selector.selectedKeys().clear();
                    for (Outgoing event; (event = events.poll()) != null; ) {
                        for (Client client : streaming) {
                            client.waiting.add(event);
                        }
                    }
                    for (int i = streaming.size() - 1; i >= 0; i--) {
                        Client client = streaming.get(i);
                        try {
                            if (client.waiting.size() > CLIENT_QUEUE) {
                                dropped.incrementAndGet();
                                client.close(this);
                            } else {
                                client.flush();
                            }
                        } catch (IOException e) {
                            client.close(this);
                        }
                    }
                }
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
                selector.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        ByteBuffer in() {
            return in;
        }

        void streaming(Client client) {
            streaming.add(client);
            clients.incrementAndGet();
        }

        void gone(Client client) {
            if (streaming.remove(client)) {
                clients.decrementAndGet();
            }
        }
    }

    /** One connection: its request head, then a stream of events (SSE or WebSocket). */
    private static final class Client {
        final SocketChannel channel;
        SelectionKey key;
        private final StringBuilder head = new StringBuilder();
        private boolean webSocket;
        private boolean streaming;
        /** Events not written yet; they go out together in the next write. */
        final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
        /** The unfinished write: what the socket did not take yet. */
        private ByteBuffer[] out = new ByteBuffer[0];
        private int outFrom;

        Client(SocketChannel channel) {
            this.channel = channel;
        }

        void read(Loop loop) throws IOException {
            ByteBuffer in = loop.in();
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                close(loop);
                return;
            }
            in.flip();
            if (streaming) {
                if (webSocket && in.hasRemaining() && (in.get(0) & 0x0f) == 0x8) {
                    close(loop); // a close frame
                } else if (webSocket && in.hasRemaining() && (in.get(0) & 0x0f) == 0x1 && waiting.isEmpty() && done()) {
                    // the subscribe message: acknowledged like the gateway does when nothing else is being written
                    // (its content is not looked at)
                    send(frame(ascii("{\"type\":\"subscribed\",\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"everything\"]}")));
                }
                return; // anything else a client sends is ignored
            }
            while (in.hasRemaining()) {
                head.append((char) (in.get() & 0xff));
            }
            int end = head.indexOf("\r\n\r\n");
            if (end < 0) {
                if (head.length() > 64 * 1024) {
                    close(loop);
                }
                return;
            }
            String request = head.substring(0, end);
            String lower = request.toLowerCase(Locale.ROOT);
            if (lower.contains("\nupgrade: websocket")) {
                webSocket = true;
                String accept = Base64.getEncoder().encodeToString(sha1(header(request, "sec-websocket-key") + WS_GUID));
                send(ByteBuffer.wrap(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")));
            } else {
                send(ByteBuffer.wrap(SSE_HEAD), chunk(HELLO.length), ByteBuffer.wrap(HELLO), ByteBuffer.wrap(CRLF));
            }
            streaming = true;
            loop.streaming(this);
        }

        /** Writes what is unfinished; then, if events are waiting, all of them as one write. */
        void flush() throws IOException {
            if (!done()) {
                channel.write(out, outFrom, out.length - outFrom);
                while (outFrom < out.length && !out[outFrom].hasRemaining()) {
                    outFrom++;
                }
                if (!done()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                key.interestOps(SelectionKey.OP_READ);
            }
            if (!waiting.isEmpty()) {
                send(webSocket ? webSocketBatch() : sseBatch());
            }
        }

        private boolean done() {
            return outFrom >= out.length;
        }

        private void send(ByteBuffer... buffers) throws IOException {
            out = buffers;
            outFrom = 0;
            flush();
        }

        /** One chunk holding every waiting event's frame. */
        private ByteBuffer[] sseBatch() {
            ByteBuffer[] buffers = new ByteBuffer[waiting.size() + 2];
            int length = 0;
            int i = 1;
            for (Outgoing event : waiting) {
                buffers[i++] = ByteBuffer.wrap(event.sse);
                length += event.sse.length;
            }
            waiting.clear();
            buffers[0] = chunk(length);
            buffers[i] = ByteBuffer.wrap(CRLF);
            return buffers;
        }

        /** One text frame: the envelope, or an array of the waiting envelopes. */
        private ByteBuffer[] webSocketBatch() {
            if (waiting.size() == 1) {
                byte[] json = waiting.poll().json;
                return new ByteBuffer[] {frameHeader(json.length), ByteBuffer.wrap(json)};
            }
            ByteBuffer[] buffers = new ByteBuffer[waiting.size() * 2 + 2];
            int length = 1;
            int i = 1;
            for (Outgoing event : waiting) {
                buffers[i] = ByteBuffer.wrap(i == 1 ? OPEN : COMMA);
                buffers[i + 1] = ByteBuffer.wrap(event.json);
                i += 2;
                length += 1 + event.json.length;
            }
            waiting.clear();
            buffers[0] = frameHeader(length);
            buffers[i] = ByteBuffer.wrap(CLOSE);
            return buffers;
        }

        void close(Loop loop) {
            loop.gone(this);
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    /** A server's text frame: unmasked, FIN set. */
    private static ByteBuffer[] frame(byte[] payload) {
        return new ByteBuffer[] {frameHeader(payload.length), ByteBuffer.wrap(payload)};
    }

    private static ByteBuffer frameHeader(int length) {
        ByteBuffer header = ByteBuffer.allocate(10).put((byte) 0x81);
        if (length < 126) {
            header.put((byte) length);
        } else if (length < 65536) {
            header.put((byte) 126).putShort((short) length);
        } else {
            header.put((byte) 127).putLong(length);
        }
        return header.flip();
    }

    private static ByteBuffer chunk(int length) {
        return ByteBuffer.wrap(ascii(Integer.toHexString(length) + "\r\n"));
    }

    private static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IllegalArgumentException("no " + name + " header");
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(ascii(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] join(List<byte[]> parts, byte[] open, byte[] between, byte[] close) {
        int length = (open == null ? 0 : open.length) + (close == null ? 0 : close.length);
        for (byte[] part : parts) {
            length += part.length + (between == null ? 0 : between.length);
        }
        ByteBuffer joined = ByteBuffer.allocate(length);
        if (open != null) {
            joined.put(open);
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0 && between != null) {
                joined.put(between);
            }
            joined.put(parts.get(i));
        }
        if (close != null) {
            joined.put(close);
        }
        return java.util.Arrays.copyOf(joined.array(), joined.position());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
