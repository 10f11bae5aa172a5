package dev.mcphybrid.telemetry;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The trace and span id of the call a thread is working on, as fields of every log record the thread writes meanwhile:
 * Liberty's {@code LogRecordContext} extensions, which its JSON logs show as {@code ext_trace_id} and
 * {@code ext_span_id} (the names the OpenTelemetry spec gives trace context in other log formats). The class is
 * Liberty's (an ibm-api package of the kernel), found at run time: outside Liberty (unit tests, benchmarks) this does
 * nothing.
 */
final class LogFields {

    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";

    private static final Logger LOG = Logger.getLogger(LogFields.class.getName());
    private static final MethodHandle ADD;
    private static final MethodHandle REMOVE;

    static {
        MethodHandle add = null;
        MethodHandle remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            add = lookup.findStatic(context, "addExtension", MethodType.methodType(void.class, String.class, String.class));
            remove = lookup.findStatic(context, "removeExtension", MethodType.methodType(boolean.class, String.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.fine(() -> "No Liberty LogRecordContext here; log records carry no trace ids: " + e);
        }
        ADD = add;
        REMOVE = remove;
    }

    private LogFields() {
    }

    /** Whether log records can carry the fields here (inside Liberty). */
    static boolean available() {
        return ADD != null;
    }

    static void set(String traceId, String spanId) {
        if (ADD == null) {
            return;
        }
        try {
            ADD.invokeExact(TRACE_ID, traceId);
            ADD.invokeExact(SPAN_ID, spanId);
        } catch (Throwable e) {
            LOG.log(Level.FINE, "Could not add the trace id to log records", e);
        }
    }

    static void clear() {
        if (REMOVE == null) {
            return;
        }
        try {
            boolean removed = (boolean) REMOVE.invokeExact(TRACE_ID);
            removed = (boolean) REMOVE.invokeExact(SPAN_ID) || removed;
        } catch (Throwable e) {
            LOG.log(Level.FINE, "Could not remove the trace id from log records", e);
        }
    }
}
