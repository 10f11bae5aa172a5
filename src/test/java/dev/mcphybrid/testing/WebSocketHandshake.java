package dev.mcphybrid.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** The client side of a WebSocket on a plain socket: the upgrade request and masked text frames (RFC 6455). */
public final class WebSocketHandshake {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebSocketHandshake() {
    }

    /**
     * The upgrade request, ending in its blank line.
     *
     * @param authorization the whole Authorization value, e.g. {@code Bearer eyJ...}
     * @param extraHeaders  whole header lines, without their line ends
     */
    public static String upgradeRequest(String path, String host, String authorization, String... extraHeaders) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString(nonce)).append("\r\nAuthorization: ").append(authorization).append("\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** One text frame, masked as a client must; FIN set, no RSV bits (uncompressed). */
    public static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        frame.put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        byte[] bytes = new byte[frame.position()];
        frame.flip().get(bytes);
        return bytes;
    }
}
