package dev.mcphybrid.upstream;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request as the SDK's servlet gets it from the session filter: the body the filter has read, once more, and the
 * session id of the SDK session that serves the client's session here. A synthetic one (an initialize replayed to
 * rebuild a session, a clean-up DELETE) has its own method, body and content headers on the client's connection.
 */
final class SessionRequest extends HttpServletRequestWrapper {

    private final String method;
    private final byte[] body;
    /** Lower-case header name → value; a null value removes the client's header. */
    private final Map<String, String> headers = new HashMap<>();

    SessionRequest(HttpServletRequest request, byte[] body, String sessionId) {
        this(request, request.getMethod(), body, sessionId);
    }

    private SessionRequest(HttpServletRequest request, String method, byte[] body, String sessionId) {
        super(request);
        this.method = method;
        this.body = body;
        headers.put("mcp-session-id", sessionId);
        if (body != null) {
            headers.put("content-length", Integer.toString(body.length));
        }
    }

    /** A request of the gateway's own to the SDK, on behalf of the client whose request this is. */
    static SessionRequest synthetic(HttpServletRequest request, String method, String body, String sessionId) {
        SessionRequest synthetic = new SessionRequest(request, method, body == null ? null : body.getBytes(StandardCharsets.UTF_8), sessionId);
        synthetic.headers.put("accept", "application/json, text/event-stream");
        synthetic.headers.put("content-type", body == null ? null : "application/json");
        synthetic.headers.put("last-event-id", null);
        if (body == null) {
            synthetic.headers.put("content-length", null);
        }
        return synthetic;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getHeader(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return headers.containsKey(key) ? headers.get(key) : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!headers.containsKey(key)) {
            return super.getHeaders(name);
        }
        String value = headers.get(key);
        return Collections.enumeration(value == null ? Set.of() : Set.of(value));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Enumeration<String> e = super.getHeaderNames(); e != null && e.hasMoreElements(); ) {
            String name = e.nextElement();
            if (!headers.containsKey(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        headers.forEach((name, value) -> {
            if (value != null) {
                names.add(name);
            }
        });
        return Collections.enumeration(names);
    }

    @Override
    public String getContentType() {
        return headers.containsKey("content-type") ? headers.get("content-type") : super.getContentType();
    }

    @Override
    public int getContentLength() {
        return body == null ? super.getContentLength() : body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body == null ? super.getContentLengthLong() : body.length;
    }

    @Override
    public ServletInputStream getInputStream() throws java.io.IOException {
        if (body == null) {
            return super.getInputStream();
        }
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the body has been read already");
            }
        };
    }

    @Override
    public BufferedReader getReader() throws java.io.IOException {
        if (body == null) {
            return super.getReader();
        }
        String encoding = getCharacterEncoding();
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
    }
}
