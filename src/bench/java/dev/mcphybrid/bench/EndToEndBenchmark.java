package dev.mcphybrid.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tool calls end to end (README, "Benchmarks"): runs {@code src/bench/scripts/e2e-calls.mjs}, where one TypeScript MCP
 * SDK client calls server-everything directly, through mcp-hub and mcp-proxy, and through gateway variants it starts
 * as Liberty servers of their own. Needs the WAR and Liberty of {@code mvn -DskipTests package liberty:create}.
 * {@code -Dbench.e2e.args="--calls 500 ..."} passes options to the script; {@code -Dbench.smoke=true} adds
 * {@code --smoke}. Fails when the script does (a target that does not start, failed calls in smoke mode).
 */
public final class EndToEndBenchmark {

    private EndToEndBenchmark() {
    }

    public static void run() throws Exception {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        Path script = root.resolve("src/bench/scripts/e2e-calls.mjs");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + " (set -Dproject.root to the repository)");
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        if (Benchmarks.smoke()) {
            command.add("--smoke");
        }
        String extra = System.getProperty("bench.e2e.args", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        System.out.printf("%nTool calls end to end: %s%n", String.join(" ", command));
        if (!Benchmarks.smoke() && !(Files.isRegularFile(root.resolve("target/mcp-hybrid-server.war"))
                && Files.isDirectory(root.resolve("target/liberty/wlp")))) {
            System.out.println("  skipped: needs the WAR and Liberty; run mvn -DskipTests package liberty:create first");
            return;
        }
        // the output through System.out, not inherited: a forked test JVM's stdout is its channel to the build
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        Thread copy = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                lines.lines().forEach(System.out::println);
            } catch (java.io.IOException e) {
                System.out.println("  (output lost: " + e.getMessage() + ")");
            }
        }, "e2e-bench-output");
        copy.setDaemon(true);
        copy.start();
        long limitMinutes = Long.getLong("bench.e2e.timeout-minutes", Benchmarks.smoke() ? 5 : 120);
        if (!process.waitFor(limitMinutes, TimeUnit.MINUTES)) {
            process.destroy(); // SIGTERM: the script stops what it started
            process.waitFor(60, TimeUnit.SECONDS);
            throw new IllegalStateException("the end-to-end benchmark did not finish within " + limitMinutes + " minutes");
        }
        copy.join(5_000);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the end-to-end benchmark failed (exit " + process.exitValue() + "); see its output above");
        }
    }
}
