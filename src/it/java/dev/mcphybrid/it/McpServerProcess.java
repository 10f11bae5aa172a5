package dev.mcphybrid.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real server-everything process over SSE or Streamable HTTP on a free loopback port, owned by one test: it can
 * be killed and started again on the same port.
 */
public final class McpServerProcess implements AutoCloseable {

    private static final Path EVERYTHING = Path.of(System.getProperty("project.root", "."),
            "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

    private final String mode;
    private final int port;
    private Process process;

    private McpServerProcess(String mode, int port) {
        this.mode = mode;
        this.port = port;
    }

    /** @param mode {@code sse} or {@code streamableHttp} */
    public static McpServerProcess start(String mode) {
        McpServerProcess server = new McpServerProcess(mode, freePort());
        server.start();
        return server;
    }

    public void start() {
        ProcessBuilder builder = new ProcessBuilder("node", EVERYTHING.toString(), mode).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "it-everything-" + mode + "-" + port + ".log"));
        builder.environment().put("PORT", String.valueOf(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPort(Duration.ofSeconds(15));
    }

    public String url() {
        return "http://127.0.0.1:" + port + (mode.equals("sse") ? "/sse" : "/mcp");
    }

    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private void awaitPort(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server-everything " + mode + " exited with " + process.exitValue());
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("server-everything " + mode + " did not listen on " + port);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
