package dev.mcphybrid.it;

import dev.mcphybrid.testing.WebSocketHandshake;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An event stream of the gateway on a plain socket, for what the JDK clients hide: a client whose receive buffer is
 * tiny and which never reads after the handshake (the JDK's clients keep reading into their own buffers), and the
 * exact handshake answer and frame bits of a WebSocket. Speaks just enough HTTP/1.1 and WebSocket for that.
 */
final class RawEventSocket implements AutoCloseable {

    /** One WebSocket frame from the gateway (server frames are never masked). */
    record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** Of a close frame: the status code, then the reason. */
        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String statusLine;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private RawEventSocket(String request, int receiveBufferBytes) {
        URI base = URI.create(GatewayClient.url());
        socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is small from the start
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream()); // unbuffered: the head is read byte by byte, nothing more
            out = socket.getOutputStream();
            out.write(request.replace("{host}", base.getHost() + ":" + base.getPort()).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String[] head = readHead().split("\r\n");
            statusLine = head[0];
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                if (colon > 0) {
                    headers.merge(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** A WebSocket on /ws/events as an admin; {@code extraHeaders} are whole header lines. */
    static RawEventSocket webSocket(int receiveBufferBytes, String... extraHeaders) {
        return new RawEventSocket(WebSocketHandshake.upgradeRequest("/ws/events", "{host}", "Bearer " + Tokens.admin(), extraHeaders),
                receiveBufferBytes);
    }

    /** An SSE stream as an admin. */
    static RawEventSocket sse(String path, int receiveBufferBytes) {
        return new RawEventSocket("GET " + path + " HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                + Tokens.admin() + "\r\n\r\n", receiveBufferBytes);
    }

    String statusLine() {
        return statusLine;
    }

    /** Header names in lower case; repeated headers joined with commas. */
    Map<String, String> headers() {
        return headers;
    }

    /** Sends a text frame, masked as a client must. */
    void sendText(String text) {
        try {
            out.write(WebSocketHandshake.maskedText(text));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Frame readFrame() {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((second & 0x80) != 0) {
                throw new AssertionError("the gateway masked a frame");
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new Frame((first & 0x80) != 0, (first & 0x40) != 0, first & 0x0f, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads past whatever is still on its way to the close frame the gateway sent; fails when none arrives within
     * {@code within}.
     */
    Frame awaitClose(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = readFrame();
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
        throw new AssertionError("no close frame within " + within);
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
