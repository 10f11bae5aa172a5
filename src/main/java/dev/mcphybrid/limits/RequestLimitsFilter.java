package dev.mcphybrid.limits;

import dev.mcphybrid.problem.ErrorPageServlet;
import dev.mcphybrid.problem.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses request URIs longer than {@code gateway.limits.uri-bytes} (414), a header field longer than
 * {@code gateway.limits.header-bytes} (431), bodies in a character set the JVM does
 * not know (415), request bodies larger than {@code gateway.limits.body-bytes} (413) and JSON nested deeper than
 * {@code gateway.limits.json-depth} (400) before anything parses them, for the REST API and the MCP endpoint alike.
 * A body without Content-Length is read up to the limit and no further.
 */
public class RequestLimitsFilter extends HttpFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private int maxBytes;
    private int maxDepth;
    private int maxUriBytes;
    private int maxHeaderBytes;

    @Override
    public void init() {
        var config = ConfigProvider.getConfig();
        maxBytes = config.getValue("gateway.limits.body-bytes", Integer.class);
        maxDepth = config.getValue("gateway.limits.json-depth", Integer.class);
        maxUriBytes = config.getValue("gateway.limits.uri-bytes", Integer.class);
        maxHeaderBytes = config.getValue("gateway.limits.header-bytes", Integer.class);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        int uriLength = uriLength(request);
        if (uriLength > maxUriBytes) {
            ErrorPageServlet.write(response, Problem.of(414, "uri-too-long", "URI too long",
                    "The request URI is " + uriLength + " bytes; the gateway accepts at most " + maxUriBytes));
            return;
        }
        String longHeader = headerLongerThan(request, maxHeaderBytes);
        if (longHeader != null) {
            ErrorPageServlet.write(response, Problem.of(431, "headers-too-large", "Request header fields too large",
                    "The header " + Problem.quote(longHeader) + " is longer than the " + maxHeaderBytes + " bytes the gateway accepts in one field"));
            return;
        }
        if (!WITH_BODY.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String charset = request.getCharacterEncoding();
        if (charset != null && !knownCharset(charset)) {
            refuse(request, response, 415, "unsupported-charset", "Unsupported character set",
                    "The Content-Type names the character set '" + Problem.quote(charset) + "', which the gateway does not know; send UTF-8");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response, 413, "payload-too-large", "Request body too large",
                    "The body is " + declared + " bytes; the gateway accepts at most " + maxBytes);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
        if (body.length > maxBytes) {
            refuse(request, response, 413, "payload-too-large", "Request body too large",
                    "The body is larger than the " + maxBytes + " bytes the gateway accepts");
            return;
        }
        String type = request.getContentType();
        if ((type == null || type.contains("json")) && JsonDepth.of(new String(body, StandardCharsets.UTF_8)) > maxDepth) {
            refuse(request, response, 400, "json-too-deep", "JSON nested too deeply",
                    "The body nests objects and arrays deeper than " + maxDepth + " levels");
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    /** The request target as sent (path and query), in bytes: what a client and a proxy count. */
    static int uriLength(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
    }

    /** The name of a header whose value is longer than {@code limit}, or null. */
    static String headerLongerThan(HttpServletRequest request, int limit) {
        var names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            var values = request.getHeaders(name);
            while (values.hasMoreElements()) {
                String value = values.nextElement();
                if (value != null && value.length() > limit) {
                    return name;
                }
            }
        }
        return null;
    }

    static boolean knownCharset(String name) {
        try {
            return java.nio.charset.Charset.isSupported(name.trim());
        } catch (java.nio.charset.IllegalCharsetNameException e) {
            return false;
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while (out.size() < limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) != -1) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String slug, String title,
                               String detail) throws IOException {
        ErrorPageServlet.write(response, Problem.of(status, slug, title, detail).withInstance(request.getRequestURI()));
    }

    /** The request with its body already read into memory. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
