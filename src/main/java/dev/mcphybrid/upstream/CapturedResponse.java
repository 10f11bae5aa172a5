package dev.mcphybrid.upstream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps an answer of the SDK's servlet from the client: an initialize answer until its session is recorded (which
 * may fail), and the answers to the gateway's own synthetic requests altogether. Only for answers that are not
 * streams: the SDK answers initialize, notifications and DELETE synchronously.
 */
final class CapturedResponse extends HttpServletResponseWrapper {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int status = SC_OK;
    private String errorMessage;
    private boolean error;
    private String contentType;
    private String encoding = StandardCharsets.UTF_8.name();
    private PrintWriter writer;

    CapturedResponse(HttpServletResponse response) {
        super(response);
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Sends what was captured as the client's answer. */
    void copyTo(HttpServletResponse response) throws IOException {
        if (writer != null) {
            writer.flush();
        }
        headers.forEach(response::setHeader);
        if (error) {
            response.sendError(status, errorMessage);
            return;
        }
        response.setStatus(status);
        if (contentType != null) {
            response.setContentType(contentType);
            response.setCharacterEncoding(encoding);
        }
        response.setContentLength(body.size());
        response.getOutputStream().write(body.toByteArray());
        response.flushBuffer();
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) {
        status = sc;
        errorMessage = msg;
        error = true;
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
    }

    @Override
    public void addHeader(String name, String value) {
        headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, Long.toString(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, Long.toString(date));
    }

    @Override
    public String getHeader(String name) {
        return header(name);
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public void setContentType(String type) {
        contentType = type;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        encoding = charset;
    }

    @Override
    public String getCharacterEncoding() {
        return encoding;
    }

    @Override
    public void setContentLength(int len) {
    }

    @Override
    public void setContentLengthLong(long len) {
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, java.nio.charset.Charset.forName(encoding)));
        }
        return writer;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new IllegalStateException("not a stream");
            }
        };
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void flushBuffer() {
    }

    @Override
    public void reset() {
        resetBuffer();
        headers.clear();
        status = SC_OK;
        error = false;
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }
}
