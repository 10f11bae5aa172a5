package dev.mcphybrid.events;

import dev.mcphybrid.testing.WebSocketHandshake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * SSE and WebSocket clients on plain non-blocking sockets, all read by a couple of selector threads. Each client
 * costs a socket and a few small buffers, and an event costs a byte scan, so the load generator takes as little as
 * possible of the cores it shares with the gateway. Speaks just enough HTTP/1.1 (chunked bodies) and WebSocket
 * (unmasked server frames, one masked text frame out) for the gateway's streams.
 */
final class SocketEventClients implements AutoCloseable {

    private final InetSocketAddress address;
    private final String host;
    private final LatencyHistogram latencies;
    private final LongAdder received;
    private final java.util.function.LongPredicate inWindow;
    private final java.util.Set<Long> seenIds;
    private final List<Reader> readers = new ArrayList<>();
    private final List<SocketChannel> channels = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private int next;

    SocketEventClients(URI base, int readerThreads, LatencyHistogram latencies, LongAdder received,
                       java.util.function.LongPredicate inWindow, java.util.Set<Long> seenIds) throws IOException {
        this.inWindow = inWindow;
        this.seenIds = seenIds;
        this.host = base.getHost();
        this.address = new InetSocketAddress(base.getHost(), base.getPort() < 0 ? 80 : base.getPort());
        this.latencies = latencies;
        this.received = received;
        for (int i = 0; i < readerThreads; i++) {
            Reader reader = new Reader(i);
            readers.add(reader);
            reader.start();
        }
    }

    /** host:port of the gateway these clients are connected to. */
    String base() {
        return host + ":" + address.getPort();
    }

    /** Clients whose stream is open (200 or 101 seen), refused ones, and ones the gateway closed later. */
    int opened() {
        return opened.get();
    }

    int refused() {
        return refused.get();
    }

    int closedByGateway() {
        return closed.get();
    }

    void openSse(String pathAndQuery, String bearer) throws IOException {
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n"
                + "Authorization: " + bearer + "\r\n\r\n";
        open(request, new SseBody(), null);
    }

    void openWebSocket(String path, String bearer, String firstMessage) throws IOException {
        open(WebSocketHandshake.upgradeRequest(path, host, bearer), new WebSocketFrames(), WebSocketHandshake.maskedText(firstMessage));
    }

    private void open(String request, Body body, byte[] afterHandshake) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.socket().setTcpNoDelay(true);
        write(channel, request.getBytes(StandardCharsets.ISO_8859_1));
        channel.configureBlocking(false);
        synchronized (channels) {
            channels.add(channel);
        }
        readers.get(next++ % readers.size()).add(new Connection(channel, body, afterHandshake));
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        readers.forEach(Reader::shutdown);
        synchronized (channels) {
            for (SocketChannel channel : channels) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            channels.clear();
        }
    }

    /** One selector thread and its share of the connections. */
    private final class Reader extends Thread {
        private final Selector selector;
        private final Queue<Connection> incoming = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        private volatile boolean running = true;

        Reader(int n) throws IOException {
            super("bench-reader-" + n);
            setDaemon(true);
            selector = Selector.open();
        }

        void add(Connection connection) {
            incoming.add(connection);
            selector.wakeup();
        }

        void shutdown() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(500);
                    for (Connection c; (c = incoming.poll()) != null; ) {
                        c.channel.register(selector, SelectionKey.OP_READ, c);
                    }
                    long now = -1;
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection connection = (Connection) key.attachment();
                        if (now < 0) {
                            Instant instant = Instant.now();
                            now = instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
                        }
                        try {
                            buffer.clear();
                            int read = connection.channel.read(buffer);
                            if (read < 0) {
                                key.cancel();
                                connection.ended();
                                continue;
                            }
                            buffer.flip();
                            connection.consume(buffer, now);
                        } catch (IOException e) {
                            key.cancel();
                            connection.ended();
                        }
                    }
                    selector.selectedKeys().clear();
                }
                selector.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A response: the status line and headers, then a body handed to its parser. */
    private final class Connection {
        final SocketChannel channel;
        final Body body;
        final byte[] afterHandshake;
        private final StringBuilder head = new StringBuilder();
        private boolean inBody;
        private boolean counted;

        Connection(SocketChannel channel, Body body, byte[] afterHandshake) {
            this.channel = channel;
            this.body = body;
            this.afterHandshake = afterHandshake;
            body.scanner = new EnvelopeScanner(latencies, received, inWindow, seenIds);
        }

        void consume(ByteBuffer buffer, long now) throws IOException {
            while (!inBody && buffer.hasRemaining()) {
                head.append((char) (buffer.get() & 0xff));
                int n = head.length();
                if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
                    inBody = true;
                    String status = head.substring(0, head.indexOf("\r\n"));
                    if (status.contains(" 200") || status.contains(" 101")) {
                        opened.incrementAndGet();
                        counted = true;
                        body.chunked = head.toString().toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                        if (afterHandshake != null) {
                            write(channel, afterHandshake);
                        }
                    } else {
                        refused.incrementAndGet();
                        channel.close();
                        return;
                    }
                }
            }
            if (inBody && buffer.hasRemaining()) {
                body.consume(buffer, now);
            }
        }

        void ended() {
            if (counted) {
                closed.incrementAndGet();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    private abstract static class Body {
        EnvelopeScanner scanner;
        boolean chunked;

        abstract void consume(ByteBuffer buffer, long now);
    }

    /** An event stream, de-chunked when the server chunks it. */
    private static final class SseBody extends Body {
        private long chunkLeft = -1; // -1: reading a chunk-size line
        private long size;
        private boolean sizeDone;
        private int crlfToSkip;

        @Override
        void consume(ByteBuffer buffer, long now) {
            if (!chunked) {
                scanner.scan(buffer, buffer.remaining(), now);
                return;
            }
            while (buffer.hasRemaining()) {
                if (crlfToSkip > 0) {
                    buffer.get();
                    crlfToSkip--;
                } else if (chunkLeft < 0) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        chunkLeft = size;
                        size = 0;
                        sizeDone = false;
                        if (chunkLeft == 0) {
                            chunkLeft = -1; // the last chunk: nothing more will come
                        }
                    } else if (!sizeDone) {
                        int digit = Character.digit(b, 16);
                        if (digit >= 0) {
                            size = size * 16 + digit;
                        } else {
                            sizeDone = true; // ';' extensions or '\r'
                        }
                    }
                } else {
                    int n = (int) Math.min(chunkLeft, buffer.remaining());
                    scanner.scan(buffer, n, now);
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        chunkLeft = -1;
                        crlfToSkip = 2;
                    }
                }
            }
        }
    }

    /** Server frames: unmasked, text and continuation payloads scanned, the rest skipped. */
    private static final class WebSocketFrames extends Body {
        private final byte[] header = new byte[10];
        private int headerLength;
        private long payloadLeft;
        private boolean scanPayload;

        @Override
        void consume(ByteBuffer buffer, long now) {
            while (buffer.hasRemaining()) {
                if (payloadLeft > 0) {
                    int n = (int) Math.min(payloadLeft, buffer.remaining());
                    if (scanPayload) {
                        scanner.scan(buffer, n, now);
                    } else {
                        buffer.position(buffer.position() + n);
                    }
                    payloadLeft -= n;
                    continue;
                }
                header[headerLength++] = buffer.get();
                if (headerLength < 2) {
                    continue;
                }
                int lengthCode = header[1] & 0x7f;
                int needed = lengthCode < 126 ? 2 : lengthCode == 126 ? 4 : 10;
                if (headerLength < needed) {
                    continue;
                }
                long length = lengthCode < 126 ? lengthCode
                        : lengthCode == 126 ? ((header[2] & 0xff) << 8) | (header[3] & 0xff)
                        : ByteBuffer.wrap(header, 2, 8).getLong();
                int opcode = header[0] & 0x0f;
                scanPayload = opcode == 0x1 || opcode == 0x0;
                payloadLeft = length;
                headerLength = 0;
            }
        }
    }
}
