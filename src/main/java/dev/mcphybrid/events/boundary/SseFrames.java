package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.GatewayEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes of the server-sent events format: {@code id:}, {@code event:} and {@code data:} lines ending in a blank
 * line, {@code retry:}, and comments (lines starting with a colon). A batch of events is simply their frames one
 * after the other, so it can go out in one write.
 */
final class SseFrames {

    private static final byte[] ID = ascii("id: ");
    private static final byte[] EVENT = ascii("\nevent: ");
    private static final byte[] DATA = ascii("\ndata: ");
    private static final byte[] END = ascii("\n\n");

    private SseFrames() {
    }

    /** Every event of the batch, in order; an envelope is one data line because its JSON holds no line break. */
    static byte[] events(List<GatewayEvent> events) {
        int size = 0;
        for (GatewayEvent event : events) {
            size += event.jsonUtf8().length + 48;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (GatewayEvent event : events) {
            out.writeBytes(ID);
            out.writeBytes(ascii(Long.toString(event.id())));
            out.writeBytes(EVENT);
            out.writeBytes(ascii(event.type().wireName()));
            out.writeBytes(DATA);
            out.writeBytes(event.jsonUtf8());
            out.writeBytes(END);
        }
        return out.toByteArray();
    }

    /** The first event of a stream: {@code connected}, with the reconnection delay for the browser. */
    static byte[] hello(long retryMs) {
        return utf8("event: connected\nretry: " + retryMs + "\ndata: {\"retryMs\":" + retryMs + "}\n\n");
    }

    /**
     * {@code events_lost}: a replay skipped these ids, which had left the history. It has no {@code id:}, so the
     * client's Last-Event-ID stays that of the last event it really received.
     */
    static byte[] lost(long fromId, long toId) {
        return ascii("event: events_lost\ndata: {\"fromId\":\"" + fromId + "\",\"toId\":\"" + toId + "\"}\n\n");
    }

    /** A comment, which clients ignore; line breaks in the text become spaces so it stays one comment. */
    static byte[] comment(String text) {
        return utf8(": " + text.replace('\r', ' ').replace('\n', ' ') + "\n\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
