package dev.mcphybrid.it;

import java.util.List;
import java.util.Optional;

/** Finds and signals the stdio server processes the gateway started (they are its descendants, not ours). */
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
