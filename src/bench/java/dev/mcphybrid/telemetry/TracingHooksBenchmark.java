package dev.mcphybrid.telemetry;

import dev.mcphybrid.bench.Benchmarks;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * What the tracing hooks of one tool call cost in the gateway's JVM (README, "Benchmarks", "What tracing costs"):
 * what a call does for tracing and nothing else (the REST resource's {@code resume}, the execution span, its admission,
 * downstream and audit phases, its end), in a loop, with OpenTelemetry off (the no-op tracer, the default) and on (the
 * real SDK, every span ended and handed to an exporter that drops it). The end-to-end benchmark
 * ({@code src/bench/scripts/e2e-calls.mjs}) is the headline; this says what the difference would be if it could see it.
 */
public final class TracingHooksBenchmark {

    private TracingHooksBenchmark() {
    }

    public static void run() {
        int calls = Benchmarks.smoke() ? 1_000 : 1_000_000;
        int rounds = Benchmarks.smoke() ? 1 : 5;
        System.out.printf("%nTracing hooks of one call, in-process, %,d calls per round, best of %d rounds%n", calls, rounds);
        System.out.printf("  OpenTelemetry off (default): %.0f ns per call%n", best(CallTracing.off(), calls, rounds));
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite())).build()) {
            CallTracing on = CallTracing.of(provider.get("mcp-hybrid-server"), PrincipalAttribute.HASH, false);
            System.out.printf("  OpenTelemetry on, spans dropped at export: %.0f ns per call (4 spans)%n", best(on, calls, rounds));
        }
    }

    private static double best(CallTracing tracing, int calls, int rounds) {
        double best = Double.MAX_VALUE;
        long seen = 0;
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                seen += call(tracing);
            }
            best = Math.min(best, (System.nanoTime() - started) / (double) calls);
        }
        if (seen < 0) {
            System.out.println(seen); // keeps the loop's work from being optimised away
        }
        return best;
    }

    private static int call(CallTracing tracing) {
        int seen = 0;
        try (Scope request = tracing.resume(tracing.httpContext(null, null))) {
            CallSpan call = tracing.execution("everything.echo", "everything", "echo", "alice");
            try (Phase admission = call.phase("admission")) {
                seen += admission.hashCode() & 1;
            }
            try (Phase downstream = call.downstream("echo", "everything", "streamable-http", "http://127.0.0.1:3001/mcp")) {
                seen += Span.current().getSpanContext().isValid() ? 1 : 0;
            }
            try (Phase audit = call.phase("audit")) {
                seen += call.traceId() == null ? 0 : 1;
            }
            call.end("everything.echo", "00000000-0000-0000-0000-000000000000", "SUCCESS", null, null, false, 3);
        }
        return seen;
    }
}
