package dev.mcphybrid.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds and signals the stdio server processes a gateway started (they are its descendants, not ours), and the JVMs
 * of the test gateways themselves.
 */
public final class Processes {

    private Processes() {
    }

    /** The live processes whose command line contains {@code marker}. */
    public static List<ProcessHandle> withArgument(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    public static Optional<ProcessHandle> single(String marker) {
        List<ProcessHandle> found = withArgument(marker);
        if (found.size() > 1) {
            throw new AssertionError("more than one process with " + marker + ": " + found);
        }
        return found.stream().findFirst();
    }

    /** The live descendants of {@code ancestor} whose command line contains {@code marker}. */
    public static List<ProcessHandle> withArgument(ProcessHandle ancestor, String marker) {
        return ancestor.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    public static Optional<ProcessHandle> single(ProcessHandle ancestor, String marker) {
        List<ProcessHandle> found = withArgument(ancestor, marker);
        if (found.size() > 1) {
            throw new AssertionError("more than one process with " + marker + " under " + ancestor.pid() + ": " + found);
        }
        return found.stream().findFirst();
    }

    /**
     * The running JVM of the test Liberty server {@code name}: the pid the server script wrote to
     * {@code wlp/usr/servers/.pid/<name>.pid}, if that process is alive and a Liberty launcher, else the one Liberty
     * launcher with the server name as an argument of its own (so gateway-it never matches gateway-it3).
     */
    public static ProcessHandle libertyServer(String name) {
        Path pidFile = Path.of(System.getProperty("it.liberty.bin", "target/liberty/wlp/bin/server"))
                .toAbsolutePath().getParent().getParent().resolve("usr/servers/.pid/" + name + ".pid");
        try {
            if (Files.isRegularFile(pidFile)) {
                Optional<ProcessHandle> recorded = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
                if (recorded.isPresent() && recorded.get().isAlive() && isLibertyServer(recorded.get(), name)) {
                    return recorded.get();
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // fall back to the command lines
        }
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(p -> isLibertyServer(p, name)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one JVM of Liberty server " + name + ", found " + found);
        }
        return found.get(0);
    }

    private static boolean isLibertyServer(ProcessHandle process, String name) {
        ProcessHandle.Info info = process.info();
        return info.commandLine().map(c -> c.contains("ws-server.jar")).orElse(false)
                && info.arguments().map(args -> Arrays.asList(args).contains(name)).orElse(false);
    }

    public static void signal(ProcessHandle process, String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " exited " + exit);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
