package dev.mcphybrid.upstream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * Passes the SDK's answer through, except "session not found" (404), which it keeps back: the SDK may have dropped a
 * session (idle, or a stream that broke) that the cluster still has, and the filter can rebuild it and ask again.
 * For a client's answer to a request of the server (a keep-alive ping, say) it also keeps back the SDK's 500 for an
 * id it does not know: in a cluster another member may have asked, and the answer reached this one.
 */
final class NotFoundGuard extends HttpServletResponseWrapper {

    private final BooleanSupplier clientAnswer;
    private boolean notFound;
    private boolean strayAnswer;

    /**
     * @param clientAnswer whether the request carries a client's answer (a JSON-RPC response, no method); asked only
     *                     when the SDK answers 500, so a request it serves is not read for it
     */
    NotFoundGuard(HttpServletResponse response, BooleanSupplier clientAnswer) {
        super(response);
        this.clientAnswer = clientAnswer;
    }

    boolean notFound() {
        return notFound;
    }

    /** Whether the SDK refused a client's answer it had not asked for; nothing of its answer was sent. */
    boolean strayAnswer() {
        return strayAnswer;
    }

    private boolean keptBack(int sc) {
        if (sc == SC_NOT_FOUND) {
            notFound = true;
        } else if (sc == SC_INTERNAL_SERVER_ERROR && clientAnswer.getAsBoolean()) {
            strayAnswer = true;
        }
        return notFound || strayAnswer;
    }

    @Override
    public void setStatus(int sc) {
        if (!keptBack(sc)) {
            super.setStatus(sc);
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (keptBack(sc)) {
            return;
        } else if (msg == null) {
            super.sendError(sc);
        } else {
            super.sendError(sc, msg);
        }
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        return notFound || strayAnswer ? new PrintWriter(Writer.nullWriter()) : super.getWriter();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (!notFound && !strayAnswer) {
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
