package dev.mcphybrid.upstream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Answers a Streamable HTTP client's listening stream at once. That stream is the GET that carries what the server
 * sends on its own, such as {@code notifications/tools/list_changed}. The SDK's servlet transport attaches it to the
 * session and returns without writing anything, so the client got its 200 only with the first notification or
 * keep-alive ping (30 s), and could not tell when notifications would start to reach it: whatever is sent to a
 * session before its stream is attached is lost. A comment line, which SSE clients ignore, written once the
 * transport has attached the stream commits the response, as the gateway's event stream does with its hello.
 */
public class ListeningStreamFilter extends HttpFilter {

    static final String OPEN = ": listening\n";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        chain.doFilter(request, response);
        if (!"GET".equals(request.getMethod()) || !request.isAsyncStarted() || response.isCommitted()
                || response.getContentType() == null || !response.getContentType().startsWith("text/event-stream")) {
            return; // not a listening stream, or one that has had its first bytes already
        }
        try {
            // the writer the transport writes its messages with; a notification may be on its way from another
            // thread, and PrintWriter serialises single calls, so one whole line in one call never splits another
            PrintWriter writer = response.getWriter();
            writer.write(OPEN);
            writer.flush();
        } catch (IllegalStateException e) {
            // the stream ended meanwhile (closed, or replaced by a newer GET of the same session)
        }
    }
}
