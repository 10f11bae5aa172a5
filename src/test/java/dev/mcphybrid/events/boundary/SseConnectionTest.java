package dev.mcphybrid.events.boundary;

import static dev.mcphybrid.events.boundary.SseFramesTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.GatewayEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How an SSE connection uses a non-blocking servlet stream: one write and one flush per batch, never a blocked thread. */
class SseConnectionTest {

    /** A servlet stream whose readiness the test decides, as the container would after a partial write. */
    static final class ScriptedStream extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final List<String> calls = new ArrayList<>();
        boolean ready = true;
        boolean broken;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
            throw new AssertionError("writes whole arrays");
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            written.write(bytes, offset, length);
            calls.add("write");
        }

        @Override
        public void flush() throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            calls.add("flush");
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    private ScriptedStream out;
    private AtomicInteger completed;
    private SseConnection connection;

    @BeforeEach
    void connection() {
        out = new ScriptedStream();
        completed = new AtomicInteger();
        connection = new SseConnection(out, completed::incrementAndGet, "test stream");
        connection.onWritePossible(); // as the container does once the write listener is set
    }

    private static List<GatewayEvent> batch(int from, int count) {
        List<GatewayEvent> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(event(i, EventType.EXECUTION, "m" + i));
        }
        return events;
    }

    @Test
    void nothing_is_written_before_the_container_first_says_it_may_be() {
        ScriptedStream fresh = new ScriptedStream();
        SseConnection starting = new SseConnection(fresh, () -> { }, "starting");
        starting.hello(3000);
        assertThat(starting.busy()).as("events wait in the client's queue meanwhile").isTrue();
        assertThat(fresh.calls).isEmpty();
        starting.onWritePossible();
        assertThat(fresh.text()).startsWith("event: connected\nretry: 3000\n");
        assertThat(starting.busy()).isFalse();
    }

    @Test
    void the_hello_is_followed_by_a_second_flushed_write_so_the_container_sends_it_at_once() {
        connection.hello(3000);
        assertThat(out.calls).as("Liberty holds back a response's first flushed write until another follows")
                .containsExactly("write", "flush", "write", "flush");
        assertThat(out.text()).endsWith("}\n\n: stream open\n\n");

        out.calls.clear();
        connection.send(batch(1, 1));
        assertThat(out.calls).as("only the hello is confirmed so").containsExactly("write", "flush");
    }

    @Test
    void a_batch_is_one_write_and_one_flush() {
        connection.hello(3000);
        out.calls.clear();
        assertThat(connection.send(batch(1, 25))).isTrue();
        assertThat(out.calls).containsExactly("write", "flush");
        assertThat(out.text()).contains("retry: 3000").contains("id: 1\n").contains("id: 25\n");
        assertThat(connection.busy()).isFalse();
    }

    @Test
    void while_the_container_is_not_ready_the_connection_is_busy_and_resumes_on_write_possible() {
        AtomicInteger idle = new AtomicInteger();
        connection.whenIdle(idle::incrementAndGet);
        out.ready = false;
        connection.send(batch(1, 2));
        assertThat(out.calls).isEmpty();
        assertThat(connection.busy()).isTrue();

        connection.heartbeat(); // a heartbeat joins what is waiting
        out.ready = true;
        connection.onWritePossible();
        assertThat(out.calls).containsExactly("write", "flush");
        assertThat(out.text()).endsWith(": heartbeat\n\n").startsWith("id: 1\n");
        assertThat(connection.busy()).isFalse();
        assertThat(idle).hasValue(1);
    }

    @Test
    void clients_given_the_same_batch_get_the_same_bytes() {
        List<GatewayEvent> shared = batch(1, 3);
        ScriptedStream other = new ScriptedStream();
        SseConnection second = new SseConnection(other, () -> { }, "other");
        second.onWritePossible();
        connection.send(shared);
        second.send(new ArrayList<>(shared));
        assertThat(other.text()).isEqualTo(out.text());
    }

    @Test
    void close_says_why_and_completes_the_response_once_written() {
        connection.close("too slow: stopped reading");
        assertThat(out.text()).isEqualTo(": closing: too slow: stopped reading\n\n");
        assertThat(completed).hasValue(1);
        assertThat(connection.send(batch(1, 1))).as("gone after closing").isFalse();
    }

    @Test
    void a_client_that_is_not_reading_is_closed_without_waiting_for_it() {
        out.ready = false;
        connection.send(batch(1, 1));
        connection.close("too slow");
        assertThat(completed).hasValue(1);
        assertThat(connection.gone()).isTrue();
    }

    @Test
    void a_failed_write_ends_the_connection() {
        out.broken = true;
        assertThat(connection.send(batch(1, 1))).isFalse();
        assertThat(completed).hasValue(1);
    }

    @Test
    void after_the_container_ends_the_response_nothing_more_is_written() {
        connection.ended();
        assertThat(connection.send(batch(1, 1))).isFalse();
        connection.heartbeat();
        assertThat(out.calls).isEmpty();
    }

    @Test
    void a_stream_the_client_closed_is_found_by_the_probe_and_reported_gone_once() {
        AtomicInteger goneReports = new AtomicInteger();
        SseConnection probed = new SseConnection(out, completed::incrementAndGet, goneReports::incrementAndGet, "probed");
        probed.onWritePossible();
        probed.probe();
        assertThat(out.text()).endsWith(":\n");
        assertThat(goneReports).hasValue(0);

        out.broken = true; // the client closed: the next write fails
        probed.probe();
        probed.probe();
        assertThat(completed).hasValue(1);
        assertThat(goneReports).as("the bus frees the slot at once, without waiting for a heartbeat").hasValue(1);
        assertThat(probed.gone()).isTrue();
    }

    @Test
    void the_probe_waits_while_a_write_is_unfinished() {
        out.ready = false;
        connection.send(batch(1, 1));
        int calls = out.calls.size();
        connection.probe();
        assertThat(out.calls).hasSize(calls);
    }

    @Test
    void a_write_error_reported_by_the_container_completes_the_response_and_reports_it_gone() {
        AtomicInteger goneReports = new AtomicInteger();
        SseConnection failing = new SseConnection(out, completed::incrementAndGet, goneReports::incrementAndGet, "failing");
        failing.onWritePossible();
        failing.onError(new IOException("Connection reset by peer"));
        assertThat(completed).hasValue(1);
        assertThat(goneReports).hasValue(1);
        failing.ended(); // the container's onComplete follows
        assertThat(goneReports).hasValue(1);
    }
}
