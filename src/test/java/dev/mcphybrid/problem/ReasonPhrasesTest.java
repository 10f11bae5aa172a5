package dev.mcphybrid.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ReasonPhrasesTest {

    /** Stands for the container's response: public setReason(String), as Liberty's SRTServletResponse has. */
    public static class ContainerResponse extends HttpServletResponseWrapper {
        public String reason;

        public ContainerResponse() {
            super((HttpServletResponse) Proxy.newProxyInstance(ReasonPhrasesTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> null));
        }

        public void setReason(String reason) {
            this.reason = reason;
        }
    }

    @Test
    void sets_the_phrase_the_transport_lacks_on_the_container_response_under_wrappers() {
        ContainerResponse container = new ContainerResponse();
        HttpServletResponse wrapped = new HttpServletResponseWrapper(new HttpServletResponseWrapper(container));

        assertThat(ReasonPhrases.apply(wrapped, 422)).isTrue();
        assertThat(container.reason).isEqualTo("Unprocessable Content");
        assertThat(ReasonPhrases.apply(wrapped, 429)).isTrue();
        assertThat(container.reason).isEqualTo("Too Many Requests");
    }

    @Test
    void leaves_the_phrases_the_transport_knows_alone() {
        ContainerResponse container = new ContainerResponse();
        assertThat(ReasonPhrases.apply(container, 404)).isFalse();
        assertThat(ReasonPhrases.apply(container, 200)).isFalse();
        assertThat(container.reason).isNull();
    }

    @Test
    void a_container_without_set_reason_is_left_as_it_is() {
        HttpServletResponse plain = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> null);
        assertThat(ReasonPhrases.apply(new HttpServletResponseWrapper(plain), 422)).isFalse();
    }

    @Test
    void a_long_value_is_quoted_clipped_and_a_long_instance_left_out() {
        assertThat(Problem.quote("short")).isEqualTo("short");
        assertThat(Problem.quote("x".repeat(1000))).startsWith("x".repeat(200) + "...").endsWith("(800 more characters)");
        Problem problem = Problem.of(404, "not-found", "Not found", "d");
        assertThat(problem.withInstance("/api/" + "y".repeat(3000)).instance()).isNull();
        assertThat(problem.withInstance("/api/tools").instance()).isEqualTo("/api/tools");
    }

    @Test
    void a_body_in_an_unknown_charset_is_the_client_s_mistake() {
        assertThat(UnhandledExceptionMapper.unknownCharset(new RuntimeException(new java.io.UnsupportedEncodingException("bogus-42")))).isTrue();
        assertThat(UnhandledExceptionMapper.unknownCharset(new RuntimeException("other"))).isFalse();
    }
}
