package dev.mcphybrid.events;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went between two readings: the gateway, this load generator, everything else (the MCP
 * server processes, other work on the machine) and idle, in percent of all cores. The gateway's share comes from
 * /proc/PID/stat when its process is on this machine (a Liberty server named {@code -Dbench.server}, default
 * gateway), else from its process CPU metric; without /proc only the two JVMs are known.
 */
final class CpuSplit {

    private final DoubleSupplier gatewayCpuSeconds;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private double gatewayStart;
    private long benchStart;
    private long[] machineStart;
    private long wallStart;

    /** Null: the server measured is the gateway; else what runs in this JVM with the load generator (the reference). */
    private final String inThisJvm;

    CpuSplit(DoubleSupplier gatewayCpuMetric) {
        Optional<Path> stat = libertyServerStat(System.getProperty("bench.server", "gateway"));
        this.gatewayCpuSeconds = stat.<DoubleSupplier>map(path -> () -> processCpuSeconds(path)).orElse(gatewayCpuMetric);
        this.inThisJvm = null;
    }

    /** The server runs in this JVM (the reference broadcaster): its CPU and the load generator's are one figure. */
    CpuSplit(String serverInThisJvm) {
        this.gatewayCpuSeconds = () -> 0;
        this.inThisJvm = serverInThisJvm;
    }

    /** /proc/PID/stat of the Liberty server of that name (its command line ends with "ws-server.jar NAME"). */
    private static Optional<Path> libertyServerStat(String server) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    String[] args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
                    return args.length >= 2 && args[args.length - 2].endsWith("ws-server.jar") && args[args.length - 1].equals(server);
                } catch (IOException | RuntimeException gone) {
                    return false;
                }
            }).map(p -> p.resolve("stat")).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime + stime of a process, in seconds (USER_HZ is 100 on Linux). */
    private static double processCpuSeconds(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    void start() {
        gatewayStart = gatewayCpuSeconds.getAsDouble();
        benchStart = benchCpuNanos();
        machineStart = machineTicks();
        wallStart = System.nanoTime();
    }

    /** e.g. "gateway 120%, load generator 45%, other 20%, idle 15% (of 200%)". */
    String stop() {
        double gatewayEnd = gatewayCpuSeconds.getAsDouble();
        long benchEnd = benchCpuNanos();
        long[] machineEnd = machineTicks();
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double gateway = (gatewayEnd - gatewayStart) / wall * 100;
        double bench = (benchEnd - benchStart) / 1e9 / wall * 100;
        String machine = "";
        if (machineStart != null && machineEnd != null) {
            double busy = machineEnd[0] - machineStart[0];
            double total = machineEnd[1] - machineStart[1];
            double all = cores * 100.0;
            double other = Math.max(0, busy / total * all - gateway - bench);
            machine = String.format(", other %.0f%%, idle %.0f%%", other, (1 - busy / total) * all);
        }
        if (inThisJvm != null) {
            return String.format("%s and load generator (one JVM) %.0f%%%s (of %d%%)", inThisJvm, bench, machine, cores * 100);
        }
        return String.format("gateway %.0f%%, load generator %.0f%%%s (of %d%%)", gateway, bench, machine, cores * 100);
    }

    private static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Busy and total ticks of all cores, from /proc/stat; null where there is none. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
