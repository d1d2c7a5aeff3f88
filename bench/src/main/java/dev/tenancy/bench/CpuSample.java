package dev.tenancy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * CPU time used so far by the whole machine, the Keycloak server and this client. Two samples tell how much CPU other
 * processes took in between: on a 2-core machine a parallel build halves the server's share, and throughput and
 * latency then measure the neighbour more than the configurations.
 */
record CpuSample(long wallNanos, long machineBusyNanos, long serverNanos, long clientNanos) {

    /** /proc/stat counts in USER_HZ, which is 100 on every Linux architecture the bench runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** Empty when the server's process is unknown (a server the bench did not start) or /proc/stat is unreadable. */
    static Optional<CpuSample> take(Optional<ProcessHandle> server) {
        Optional<Long> serverNanos =
                server.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos);
        Optional<Long> clientNanos =
                ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos);
        Optional<Long> machineNanos = readMachineBusyNanos();
        if (serverNanos.isEmpty() || clientNanos.isEmpty() || machineNanos.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CpuSample(System.nanoTime(), machineNanos.get(), serverNanos.get(), clientNanos.get()));
    }

    /** The average number of cores that processes other than the server and this client used since {@code earlier}. */
    double foreignCoresSince(CpuSample earlier) {
        long foreign = (machineBusyNanos - earlier.machineBusyNanos)
                - (serverNanos - earlier.serverNanos)
                - (clientNanos - earlier.clientNanos);
        return Math.max(0, foreign) / (double) (wallNanos - earlier.wallNanos);
    }

    /** Busy time of all cores: user, nice, system, irq, softirq and steal (a hypervisor's other guests count too). */
    private static Optional<Long> readMachineBusyNanos() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] ticks = Arrays.stream(fields, 1, fields.length)
                    .mapToLong(Long::parseLong)
                    .toArray();
            long busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
            return Optional.of(busy * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
