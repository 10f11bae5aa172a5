package dev.mcphybrid.limits;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLimitsFilterTest {

    @Test
    void charsets_the_jvm_does_not_know_are_told_apart() {
        assertThat(RequestLimitsFilter.knownCharset("UTF-8")).isTrue();
        assertThat(RequestLimitsFilter.knownCharset(" utf-8 ")).isTrue();
        assertThat(RequestLimitsFilter.knownCharset("ISO-8859-1")).isTrue();
        assertThat(RequestLimitsFilter.knownCharset("bogus-42")).isFalse();
        assertThat(RequestLimitsFilter.knownCharset("not a charset!")).isFalse();
    }

    @Test
    void the_uri_length_counts_path_and_query_as_sent() {
        assertThat(RequestLimitsFilter.uriLength(request("/api/tools", null, Map.of()))).isEqualTo(10);
        assertThat(RequestLimitsFilter.uriLength(request("/api/tools", "limit=5", Map.of()))).isEqualTo(18);
    }

    @Test
    void finds_the_header_over_the_limit() {
        HttpServletRequest request = request("/api/tools", null, Map.of("Accept", List.of("application/json"),
                "X-Padding", List.of("short", "p".repeat(101))));
        assertThat(RequestLimitsFilter.headerLongerThan(request, 100)).isEqualTo("X-Padding");
        assertThat(RequestLimitsFilter.headerLongerThan(request, 101)).isNull();
    }

    private static HttpServletRequest request(String uri, String query, Map<String, List<String>> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestLimitsFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getQueryString" -> query;
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    default -> null;
                });
    }
}
