package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that are refused before the gateway's resources see them (by the web container, by Liberty's HTTP
 * transport, or by the gateway's own request filters) still get RFC 9457 problem+json, with an honest status line and
 * no internal headers. Sent over a plain socket, byte for byte: java.net.http refuses most of these paths itself.
 */
class RawRejectionsIT {

    static String host;
    static int port;
    static String token;

    @BeforeAll
    static void ready() {
        GatewayFixture.readyGateway();
        URI base = URI.create(GatewayClient.url());
        host = base.getHost();
        port = base.getPort();
        token = Tokens.admin();
    }

    @Test
    void an_unknown_charset_is_a_415_problem_not_a_500() {
        String body = "{\"arguments\":{\"message\":\"hi\"}}";
        Raw reply = send("POST", "/api/tools/everything.echo/execute",
                List.of("Content-Type: application/json; charset=bogus-42"), body);
        JsonObject problem = assertProblem(reply, 415);
        assertThat(problem.getString("detail")).contains("bogus-42");
    }

    @Test
    void an_encoded_slash_dot_or_backslash_in_the_path_is_a_400_problem() {
        for (String path : List.of("/api/tools/a%2Fb/execute", "/api/tools/a%2fb", "/api/tools/a%5Cb", "/api/tools/%2e%2e/servers")) {
            assertProblem(send("GET", path, List.of(), null), 400);
        }
    }

    @Test
    void a_100_kb_tool_id_is_a_414_problem_that_does_not_echo_it() {
        String id = "a".repeat(100 * 1024);
        Raw reply = send("POST", "/api/tools/" + id + "/execute", List.of("Content-Type: application/json"), "{}");
        assertProblem(reply, 414);
        assertThat(reply.body.length()).isLessThan(1024);
    }

    @Test
    void a_long_unknown_tool_id_is_quoted_clipped_in_the_404() {
        String id = "b".repeat(6000);
        Raw reply = send("POST", "/api/tools/" + id + "/execute", List.of("Content-Type: application/json"), "{}");
        JsonObject problem = assertProblem(reply, 404);
        assertThat(problem.getString("detail")).contains("more characters").hasSizeLessThan(400);
        assertThat(problem.containsKey("instance")).isFalse();
        assertThat(reply.body.length()).isLessThan(1024);
    }

    @Test
    void an_oversized_header_field_is_a_431_problem() {
        Raw reply = send("GET", "/api/tools", List.of("X-Padding: " + "p".repeat(40_000)), null);
        JsonObject problem = assertProblem(reply, 431);
        assertThat(problem.getString("detail")).containsIgnoringCase("x-padding");
    }

    @Test
    void a_422_says_unprocessable_content_on_its_status_line() {
        Raw reply = send("POST", "/api/servers", List.of("Content-Type: application/json"), "{\"id\":\"raw-rejections\"}");
        assertProblem(reply, 422);
        assertThat(reply.statusLine).isEqualTo("HTTP/1.1 422 Unprocessable Content");
    }

    @Test
    void a_401_has_a_problem_and_no_internal_header() {
        Raw reply = sendWithout("GET", "/api/tools");
        assertProblem(reply, 401);
        assertThat(reply.statusLine).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(reply.header("WWW-Authenticate")).isPresent();
        assertThat(reply.headerNames()).noneMatch(name -> name.startsWith("$"));
    }

    @Test
    void error_pages_of_the_container_carry_no_internal_header_either() {
        Raw reply = send("GET", "/api/tools/a%2Fb", List.of(), null);
        assertProblem(reply, 400);
        assertThat(reply.headerNames()).noneMatch(name -> name.startsWith("$"));
    }

    /**
     * The one refusal the gateway cannot shape: the web container checks a decoded request path for control
     * characters and malformed escapes before it has chosen an application, and answers with a fixed page of its
     * own (WebContainer.sendBadRequestResponse in Open Liberty 25.0.0.11; no setting changes it). A request line
     * beyond the HTTP transport's limitFieldSize (128 KiB here) is refused even earlier, with an empty 400. This test
     * pins what those answers are, so a Liberty upgrade that changes them is noticed: a 400 that leaks nothing.
     */
    @Test
    void what_liberty_refuses_before_any_application_is_a_bare_400_that_leaks_nothing() {
        List<Raw> replies = new ArrayList<>();
        for (String path : List.of("/api/tools/a%00b", "/api/tools/a%0Ab", "/api/tools/a%zzb", "/api/tools/" + "c".repeat(140 * 1024))) {
            replies.add(send("GET", path, List.of(), null));
        }
        for (Raw reply : replies) {
            assertThat(reply.status).as(reply.statusLine).isEqualTo(400);
            assertThat(reply.body).as(reply.body).doesNotContain("Exception", "\tat ", "com.ibm", "dev.mcphybrid", "<script");
            assertThat(reply.body.length()).isLessThan(512);
        }
        // the runtime's page echoes the path HTML-escaped ("%" as "&#37;"), never as markup it could run
        assertThat(replies.get(0).body).doesNotContain("%00");
    }

    private static JsonObject assertProblem(Raw reply, int status) {
        assertThat(reply.status).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.body).doesNotContain("Exception", "\tat ", "dev.mcphybrid.", "com.ibm", "<html", "<H1>", "<!DOCTYPE");
        JsonObject problem;
        try (var reader = Json.createReader(new StringReader(reply.body))) {
            problem = reader.readObject();
        }
        assertThat(problem.getString("type")).startsWith("https://");
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("detail")).isNotBlank();
        return problem;
    }

    private static Raw send(String method, String target, List<String> headers, String body) {
        List<String> all = new ArrayList<>(headers);
        all.add("Authorization: Bearer " + token);
        return exchange(method, target, all, body);
    }

    private static Raw sendWithout(String method, String target) {
        return exchange(method, target, List.of(), null);
    }

    private static Raw exchange(String method, String target, List<String> headers, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach(h -> request.append(h).append("\r\n"));
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return Raw.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One HTTP/1.1 answer read off the wire until the server closed the connection. */
    record Raw(String statusLine, int status, List<String[]> headers, String body) {

        static Raw read(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) != -1) {
                    all.write(buffer, 0, n);
                }
            } catch (java.net.SocketException e) {
                // a reset after the answer was written: what was read is the answer
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String rest = end < 0 ? "" : text.substring(end + 4);
            String[] lines = head.split("\r\n");
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
                }
            }
            boolean chunked = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding") && h[1].toLowerCase(Locale.ROOT).contains("chunked"));
            String statusLine = lines[0];
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            return new Raw(statusLine, status, headers, chunked ? dechunk(rest) : rest);
        }

        private static String dechunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (at < chunked.length()) {
                int lineEnd = chunked.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                // sizes count bytes; the bodies here are ASCII JSON, so characters and bytes agree
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            return body.toString();
        }

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
        }

        List<String> headerNames() {
            return headers.stream().map(h -> h[0]).toList();
        }

        @Override
        public String toString() {
            return statusLine + " " + headerNames() + " " + body;
        }
    }
}
