package dev.mcphybrid.events.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** What an SSE stream refuses before it starts. */
class SseStreamServletTest {

    @Test
    void last_event_id_is_a_number_or_absent() {
        assertThat(SseStreamServlet.lastEventId(null)).isNull();
        assertThat(SseStreamServlet.lastEventId(" ")).isNull();
        assertThat(SseStreamServlet.lastEventId(" 42 ")).isEqualTo(42L);
        assertThatThrownBy(() -> SseStreamServlet.lastEventId("abc")).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
    }

    @Test
    void a_client_that_names_what_it_accepts_must_accept_an_event_stream() {
        SseStreamServlet.requireEventStreamAccepted(null);
        SseStreamServlet.requireEventStreamAccepted("text/event-stream");
        SseStreamServlet.requireEventStreamAccepted("application/json, */*;q=0.1");
        SseStreamServlet.requireEventStreamAccepted("text/*");
        assertThatThrownBy(() -> SseStreamServlet.requireEventStreamAccepted("application/json"))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(406));
    }
}
