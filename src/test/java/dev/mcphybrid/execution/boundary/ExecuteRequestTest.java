package dev.mcphybrid.execution.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.problem.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExecuteRequestTest {

    private static final Duration DEFAULT = Duration.ofSeconds(60);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void arguments_and_timeout_are_optional() {
        ExecuteRequest empty = ExecuteRequest.parse("", DEFAULT, MAX);
        assertThat(empty.arguments()).isEmpty();
        assertThat(empty.timeout()).isEqualTo(DEFAULT);
        ExecuteRequest full = ExecuteRequest.parse("{\"arguments\": {\"x\": 1}, \"timeoutMs\": 1500}", DEFAULT, MAX);
        assertThat(full.arguments().getInt("x")).isEqualTo(1);
        assertThat(full.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ExecuteRequest.parse("{\"arguments\": null}", DEFAULT, MAX).arguments()).isEmpty();
    }

    @Test
    void bad_bodies_are_400_saying_what_is_wrong() {
        assertBad("{\"arguments\": ", "Malformed JSON");
        assertBad("[]", "must be a JSON object");
        assertBad("{\"arguments\": \"x\"}", "arguments must be a JSON object");
        assertBad("{\"timeoutMs\": 0}", "timeoutMs");
        assertBad("{\"timeoutMs\": 1.5}", "timeoutMs");
        assertBad("{\"timeoutMs\": 300001}", "from 1 to 300000");
        assertBad("{\"args\": {}}", "Unknown field 'args'");
    }

    private static void assertBad(String body, String message) {
        assertThatThrownBy(() -> ExecuteRequest.parse(body, DEFAULT, MAX))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400))
                .hasMessageContaining(message);
    }
}
