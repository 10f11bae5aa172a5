package dev.mcphybrid.upstream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Passes the SDK's answer through, except "session not found" (404), which it keeps back: the SDK may have dropped a
 * session (idle, or a stream that broke) that the cluster still has, and the filter can rebuild it and ask again.
 */
final class NotFoundGuard extends HttpServletResponseWrapper {

    private boolean notFound;

    NotFoundGuard(HttpServletResponse response) {
        super(response);
    }

    boolean notFound() {
        return notFound;
    }

    @Override
    public void setStatus(int sc) {
        if (sc == SC_NOT_FOUND) {
            notFound = true;
        } else {
            super.setStatus(sc);
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (sc == SC_NOT_FOUND) {
            notFound = true;
        } else if (msg == null) {
            super.sendError(sc);
        } else {
            super.sendError(sc, msg);
        }
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        return notFound ? new PrintWriter(Writer.nullWriter()) : super.getWriter();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (!notFound) {
            return super.getOutputStream();
        }
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
    }
}
