package dev.mcphybrid.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.LongAdder;

/**
 * Finds every envelope's id and {@code "timestamp":"...Z"} in a byte stream, however the stream is cut into reads,
 * and records its delivery latency and which event it was. One scanner per connection; it works on bytes and parses timestamps by hand, because
 * the load generator reads up to millions of envelopes a second on the gateway's own cores.
 */
final class EnvelopeScanner {

    private static final byte[] KEY = "\"timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_KEY = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);

    private final LatencyHistogram latencies;
    private final LongAdder received;
    private final java.util.function.LongPredicate inWindow;
    private final java.util.Set<Long> seenIds;
    private int idMatched;
    private long id = -1;
    private boolean inId;
    private final EpochSeconds seconds = new EpochSeconds();
    private int matched;
    private final byte[] stamp = new byte[40];
    private int stampLength = -1; // -1: not inside a timestamp

    /** Counts only envelopes whose timestamp (epoch micros) {@code inWindow} accepts: those published in the measured window. */
    EnvelopeScanner(LatencyHistogram latencies, LongAdder received, java.util.function.LongPredicate inWindow,
                    java.util.Set<Long> seenIds) {
        this.seenIds = seenIds;
        this.latencies = latencies;
        this.received = received;
        this.inWindow = inWindow;
    }

    /** Scans {@code length} bytes of {@code buffer} from its position, which it advances. */
    void scan(ByteBuffer buffer, int length, long nowMicros) {
        for (int i = 0; i < length; i++) {
            byte b = buffer.get();
            if (inId) {
                if (b >= '0' && b <= '9') {
                    id = id * 10 + (b - '0');
                } else {
                    inId = false;
                }
            } else if (b == ID_KEY[idMatched]) {
                if (++idMatched == ID_KEY.length) {
                    idMatched = 0;
                    inId = true;
                    id = 0;
                }
            } else {
                idMatched = b == ID_KEY[0] ? 1 : 0;
            }
            if (stampLength >= 0) {
                if (b == '"') {
                    arrived(nowMicros);
                    stampLength = -1;
                } else if (stampLength < stamp.length) {
                    stamp[stampLength++] = b;
                }
            } else if (b == KEY[matched]) {
                if (++matched == KEY.length) {
                    matched = 0;
                    stampLength = 0;
                }
            } else {
                matched = b == KEY[0] ? 1 : 0;
            }
        }
    }

    private void arrived(long nowMicros) {
        long sent = seconds.micros(stamp, stampLength);
        if (sent > 0 && inWindow.test(sent)) {
            latencies.record(Math.max(0, nowMicros - sent) / 1000.0);
            received.increment();
            seenIds.add(id);
        }
    }

    /** Instant.toString() text to epoch microseconds, remembering the last whole second it converted. */
    static final class EpochSeconds {
        private final byte[] lastPrefix = new byte[19];
        private long lastSecond = -1;

        long micros(byte[] text, int length) {
            if (length < 20 || text[length - 1] != 'Z') {
                return -1;
            }
            boolean same = lastSecond >= 0;
            for (int i = 0; same && i < 19; i++) {
                same = lastPrefix[i] == text[i];
            }
            if (!same) {
                LocalDateTime time = LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2),
                        digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2));
                lastSecond = time.toEpochSecond(ZoneOffset.UTC);
                System.arraycopy(text, 0, lastPrefix, 0, 19);
            }
            long micros = 0;
            int fraction = 0;
            for (int i = 20; i < length - 1 && fraction < 6; i++, fraction++) {
                micros = micros * 10 + (text[i] - '0');
            }
            for (; fraction < 6; fraction++) {
                micros *= 10;
            }
            return lastSecond * 1_000_000 + micros;
        }

        private static int digits(byte[] text, int from, int count) {
            int value = 0;
            for (int i = from; i < from + count; i++) {
                value = value * 10 + (text[i] - '0');
            }
            return value;
        }
    }
}
