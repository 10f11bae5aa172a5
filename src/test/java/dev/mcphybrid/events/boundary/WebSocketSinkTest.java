package dev.mcphybrid.events.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WebSocket outbox: one write in flight, replies bounded for a client that never reads them. */
class WebSocketSinkTest {

    /** A session whose writes complete only when the test says so, as for a client that has stopped reading. */
    private static final class StalledSession {
        final List<String> sent = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        CloseReason closed;

        Session session() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            sent.add((String) args[0]);
                            pending.add((SendHandler) args[1]);
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "isOpen" -> closed == null;
                        case "getAsyncRemote" -> remote;
                        case "getId" -> "s1";
                        case "close" -> {
                            closed = (CloseReason) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        void completeOne() {
            pending.remove(0).onResult(new SendResult());
        }
    }

    @Test
    void one_message_is_in_flight_at_a_time_and_the_rest_follow_in_order() {
        StalledSession stalled = new StalledSession();
        WebSocketSink sink = new WebSocketSink(stalled.session());
        sink.reply("{\"n\":1}");
        sink.reply("{\"n\":2}");
        assertThat(stalled.sent).containsExactly("{\"n\":1}");
        assertThat(sink.busy()).isTrue();
        stalled.completeOne();
        assertThat(stalled.sent).containsExactly("{\"n\":1}", "{\"n\":2}");
        stalled.completeOne();
        assertThat(sink.busy()).isFalse();
    }

    @Test
    void a_client_that_keeps_sending_but_never_reads_is_closed_instead_of_queueing_replies_without_end() {
        StalledSession stalled = new StalledSession();
        WebSocketSink sink = new WebSocketSink(stalled.session());
        int accepted = 0;
        while (accepted < 10_000 && sink.reply("{\"type\":\"error\"}")) {
            accepted++;
        }
        assertThat(accepted).isLessThanOrEqualTo(WebSocketSink.MAX_WAITING_MESSAGES + 1);
        assertThat(stalled.closed).isNotNull();
        assertThat(stalled.closed.getCloseCode()).isEqualTo(CloseReason.CloseCodes.VIOLATED_POLICY);
    }
}
