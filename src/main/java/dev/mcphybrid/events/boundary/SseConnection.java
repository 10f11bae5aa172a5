package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.EventSink;
import dev.mcphybrid.events.GatewayEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.List;

/**
 * An SSE client on an async servlet response in non-blocking mode: a batch of events is one write and one flush,
 * and no thread ever waits for a client. While the container has not finished writing the last batch, the sink
 * is busy and further events wait in the client's bounded queue on the bus (where a client that stopped reading
 * overflows and is dropped).
 */
final class SseConnection implements EventSink, WriteListener {

    private static final LastBatch<byte[]> FRAMES = new LastBatch<>(SseFrames::events);
    private static final byte[] PROBE = ":\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ServletOutputStream out;
    private final Runnable complete;
    private final Runnable onGone;
    private final String description;
    private volatile Runnable whenIdle = () -> { };

    /**
     * The container has called onWritePossible once. Nothing is written before: asking isReady() first, from another
     * thread, could leave the first stream of a fresh server waiting for a callback that never comes.
     */
    private boolean started;
    /** Framed but not yet handed to the container. */
    private byte[] unwritten;
    /** Handed to the container, not flushed yet. */
    private boolean unflushed;
    /**
     * The hello has not been followed by a second flushed write yet. Liberty holds a response's first flushed write
     * back until another one follows, so without one a new stream would get its 200 only with the first heartbeat.
     */
    private boolean helloUnconfirmed;
    /** isReady() said no: the container calls onWritePossible when the client has taken what it was given. */
    private boolean waiting;
    private boolean closing;
    private volatile boolean gone;
    private final java.util.concurrent.atomic.AtomicBoolean goneReported = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param out      the response stream, whose write listener this becomes (after {@link #hello})
     * @param complete ends the response (the async context's complete)
     */
    SseConnection(ServletOutputStream out, Runnable complete, String description) {
        this(out, complete, () -> { }, description);
    }

    /** @param onGone runs once when the connection is found gone (write failed, client closed, response ended) */
    SseConnection(ServletOutputStream out, Runnable complete, Runnable onGone, String description) {
        this.out = out;
        this.complete = complete;
        this.onGone = onGone;
        this.description = description;
    }

    /** The first bytes of the stream: the {@code connected} event with {@code retry:}; written once the container is ready. */
    synchronized void hello(long retryMs) {
        helloUnconfirmed = true;
        append(SseFrames.hello(retryMs));
    }

    @Override
    public synchronized boolean send(List<GatewayEvent> events) {
        if (gone) {
            return false;
        }
        append(FRAMES.encode(events));
        return !gone;
    }

    @Override
    public synchronized boolean lost(long fromId, long toId) {
        if (gone) {
            return false;
        }
        append(SseFrames.lost(fromId, toId));
        return !gone;
    }

    @Override
    public synchronized boolean busy() {
        return !started || waiting || unwritten != null;
    }

    @Override
    public synchronized void heartbeat() {
        if (!gone && !closing) {
            append(SseFrames.comment("heartbeat"));
        }
    }

    @Override
    public synchronized void probe() {
        if (started && !gone && !closing && !busy()) {
            append(PROBE);
        }
    }

    @Override
    public synchronized void close(String reason) {
        if (gone || closing) {
            return;
        }
        closing = true;
        if (waiting || !started) {
            finish(); // not reading (or never began): what is still queued would never arrive
        } else {
            append(SseFrames.comment("closing: " + reason));
        }
    }

    @Override
    public void whenIdle(Runnable callback) {
        whenIdle = callback;
    }

    @Override
    public void onWritePossible() {
        boolean idle;
        synchronized (this) {
            started = true;
            waiting = false;
            pump();
            idle = !busy();
        }
        if (idle) {
            whenIdle.run();
        }
    }

    /** The container could not write: the client is gone. */
    @Override
    public void onError(Throwable error) {
        synchronized (this) {
            finish();
        }
    }

    /** The response is over: completed, failed or timed out. */
    void ended() {
        gone = true;
        reportGone();
    }

    private void reportGone() {
        if (goneReported.compareAndSet(false, true)) {
            onGone.run();
        }
    }

    boolean gone() {
        return gone;
    }

    @Override
    public boolean batches() {
        return false;
    }

    @Override
    public String describe() {
        return description;
    }

    private void append(byte[] bytes) {
        if (unwritten == null) {
            unwritten = bytes;
        } else {
            byte[] joined = new byte[unwritten.length + bytes.length];
            System.arraycopy(unwritten, 0, joined, 0, unwritten.length);
            System.arraycopy(bytes, 0, joined, unwritten.length, bytes.length);
            unwritten = joined;
        }
        pump();
    }

    /** Writes and flushes as far as the container lets us without blocking. Called holding the lock. */
    private void pump() {
        try {
            while (started && !gone && !waiting) {
                if (!out.isReady()) {
                    waiting = true;
                } else if (unwritten != null) {
                    byte[] bytes = unwritten;
                    unwritten = null;
                    out.write(bytes);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                    if (helloUnconfirmed) {
                        helloUnconfirmed = false;
                        unwritten = SseFrames.comment("stream open"); // commits the 200 and the hello now
                    }
                } else {
                    if (closing) {
                        finish();
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            finish(); // the client went away
        }
    }

    private void finish() {
        gone = true;
        try {
            complete.run();
        } catch (RuntimeException alreadyComplete) {
            // the container ended the response first
        }
        reportGone(); // frees the client's slot now, whether or not the container calls back
    }
}
