package dev.mcphybrid.it;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector as small as a test needs: it accepts OTLP/HTTP protobuf export requests
 * ({@code POST /v1/traces}; metrics and logs are accepted and dropped) and keeps the spans, read with protobuf's
 * wire-format reader against the field numbers of opentelemetry-proto's {@code trace.proto}.
 */
final class OtlpReceiver implements AutoCloseable {

    /** A span as exported: ids in lower-case hex (an empty parent for a root), kind as in OTLP (2 server, 3 client). */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind, Map<String, Object> attributes,
                        int statusCode) {
        String attribute(String key) {
            Object value = attributes.get(key);
            return value == null ? null : value.toString();
        }
    }

    static final int SERVER = 2;
    static final int CLIENT = 3;
    static final int INTERNAL = 1;
    static final int STATUS_ERROR = 2;

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try {
                byte[] body;
                try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
                    try {
                        exportRequest(CodedInputStream.newInstance(body));
                    } catch (IOException | RuntimeException e) {
                        failures.add(e.toString());
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty Export*ServiceResponse: everything accepted
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The spans of one trace received so far. */
    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** Export requests that did not parse (none expected). */
    List<String> failures() {
        return failures;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    private void exportRequest(CodedInputStream in) throws IOException {
        forEachMessage(in, 1, this::resourceSpans);
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    private void resourceSpans(CodedInputStream in) throws IOException {
        forEachMessage(in, 2, this::scopeSpans);
    }

    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
    private void scopeSpans(CodedInputStream in) throws IOException {
        forEachMessage(in, 2, message -> spans.add(span(message)));
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        repeated KeyValue attributes = 9; Status status = 15; }
    private static ReceivedSpan span(CodedInputStream in) throws IOException {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        int status = 0;
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> traceId = hex(in.readBytes());
                case 2 -> spanId = hex(in.readBytes());
                case 4 -> parent = hex(in.readBytes());
                case 5 -> name = in.readString();
                case 6 -> kind = in.readEnum();
                case 9 -> keyValue(in.readBytes().newCodedInput(), attributes);
                case 15 -> status = statusCode(in.readBytes().newCodedInput());
                default -> in.skipField(tag);
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, kind, attributes, status);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }
    private static void keyValue(CodedInputStream in, Map<String, Object> into) throws IOException {
        String key = null;
        Object value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = in.readString();
                case 2 -> value = anyValue(in.readBytes().newCodedInput());
                default -> in.skipField(tag);
            }
        }
        if (key != null) {
            into.put(key, value);
        }
    }

    // AnyValue { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ... }
    private static Object anyValue(CodedInputStream in) throws IOException {
        Object value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> value = in.readString();
                case 2 -> value = in.readBool();
                case 3 -> value = in.readInt64();
                case 4 -> value = in.readDouble();
                default -> {
                    in.skipField(tag);
                    value = "(unsupported)";
                }
            }
        }
        return value;
    }

    // Status { string message = 2; StatusCode code = 3; }
    private static int statusCode(CodedInputStream in) throws IOException {
        int code = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 3) {
                code = in.readEnum();
            } else {
                in.skipField(tag);
            }
        }
        return code;
    }

    private interface MessageReader {
        void read(CodedInputStream message) throws IOException;
    }

    private static void forEachMessage(CodedInputStream in, int field, MessageReader reader) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == field && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                reader.read(in.readBytes().newCodedInput());
            } else {
                in.skipField(tag);
            }
        }
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
