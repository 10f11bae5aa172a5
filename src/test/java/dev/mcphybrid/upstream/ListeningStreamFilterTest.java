package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListeningStreamFilterTest {

    private final List<String> calls = new ArrayList<>();
    private final StringWriter written = new StringWriter();
    private final PrintWriter writer = new PrintWriter(written) {
        @Override
        public void flush() {
            calls.add("flush");
            super.flush();
        }
    };
    private boolean committed;
    private String contentType;

    @Test
    void a_listening_stream_gets_a_comment_and_a_flush_once_the_transport_has_attached_it() throws Exception {
        filter("GET", true, () -> {
            calls.add("transport");
            contentType = "text/event-stream;charset=UTF-8";
        });
        assertThat(calls).containsExactly("transport", "flush");
        assertThat(written.toString()).isEqualTo(": listening\n");
    }

    @Test
    void other_answers_are_left_alone() throws Exception {
        filter("POST", true, () -> contentType = "text/event-stream"); // the stream of a request's answer
        filter("GET", false, () -> contentType = "application/json"); // refused, e.g. no session
        filter("GET", true, () -> {
            contentType = "text/event-stream";
            committed = true; // a message went out already
        });
        assertThat(calls).isEmpty();
        assertThat(written.toString()).isEmpty();
    }

    private void filter(String method, boolean asyncStarted, Runnable transport) throws Exception {
        committed = false;
        contentType = null;
        HttpServletRequest request = fake(HttpServletRequest.class, Map.of("getMethod", method, "isAsyncStarted", asyncStarted));
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "isCommitted" -> committed;
                    case "getContentType" -> contentType;
                    case "getWriter" -> writer;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        new ListeningStreamFilter().doFilter(request, response, (req, res) -> transport.run());
    }

    @SuppressWarnings("unchecked")
    private <T> T fake(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (!answers.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName());
            }
            return answers.get(m.getName());
        });
    }
}
