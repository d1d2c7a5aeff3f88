package dev.tenancy.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one configuration's request from a fixed pool of worker threads, each in a closed loop (the next request
 * leaves when the previous answer is in), and times every request with {@link System#nanoTime()}.
 *
 * <p>A timed run counts the answers that arrive before its deadline. Requests still in flight then are completed
 * (so that they do not load the next run) but not counted, except as errors. The time a run measured is the average,
 * over the workers, of the time from the start to the worker's last counted answer: neither the draining tail nor
 * the idle end of a worker whose next answer would have come after the deadline counts. At second-long latencies
 * in windows of a few seconds, either would distort throughput more than anything compared.</p>
 */
final class LoadRunner implements AutoCloseable {

    private static final int ERROR_BODY_CHARS = 300;

    private final int workers;
    private final Optional<ProcessHandle> server;
    private final ExecutorService pool;

    /** @param server the Keycloak process, when known: its CPU time is read before and after every run */
    LoadRunner(int workers, Optional<ProcessHandle> server) {
        this.workers = workers;
        this.server = server;
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "bench-worker-" + threadNumber.getAndIncrement());
            thread.setDaemon(true); // a request stuck in a dead server must not keep the JVM alive
            return thread;
        });
    }

    /**
     * One measured run of a configuration.
     *
     * @param latencyNanos   the latency of every counted request
     * @param errors         non-2xx answers and failed requests, counted or late
     * @param measuredNanos  the mean, over the workers that sent, of the time from the start to their last counted
     *                       answer
     * @param sent           all requests sent, late ones included: the ones the server CPU time was spent on
     * @param serverCpuNanos the server's CPU time from the start of the run until its last answer, or -1 if unknown
     */
    record Run(
            String label,
            int round,
            long[] latencyNanos,
            int errors,
            String firstError,
            long measuredNanos,
            int sent,
            long serverCpuNanos) {

        int requests() {
            return latencyNanos.length;
        }

        double throughput() {
            return measuredNanos == 0 ? 0 : requests() / (measuredNanos / 1e9);
        }
    }

    /** Runs until {@code requests} requests were sent (when positive), else for {@code duration}. */
    Run run(Configuration configuration, int round, int requests, Duration duration) throws InterruptedException {
        AtomicInteger remaining = requests > 0 ? new AtomicInteger(requests) : null;
        long cpuBefore = serverCpuNanos();
        long start = System.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        List<Callable<WorkerTally>> tasks = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            int index = worker;
            tasks.add(() -> work(index, configuration.request(), remaining, deadline));
        }
        List<Future<WorkerTally>> futures = pool.invokeAll(tasks);
        long cpuAfter = serverCpuNanos();
        List<WorkerTally> tallies = new ArrayList<>();
        for (Future<WorkerTally> future : futures) {
            try {
                tallies.add(future.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("A worker of " + configuration.label() + " failed", e.getCause());
            }
        }
        long[] latencies = new long[tallies.stream().mapToInt(t -> t.counted).sum()];
        int filled = 0;
        int errors = 0;
        int sent = 0;
        String firstError = null;
        for (WorkerTally tally : tallies) {
            System.arraycopy(tally.latencies, 0, latencies, filled, tally.counted);
            filled += tally.counted;
            errors += tally.errors;
            sent += tally.sent;
            if (firstError == null) {
                firstError = tally.firstError;
            }
        }
        // a worker whose only request outlived the window was busy for all of it
        long measuredNanos = (long) tallies.stream()
                .filter(t -> t.sent > 0)
                .mapToLong(t -> t.counted > 0 ? t.lastCountedEnd - start : deadline - start)
                .average()
                .orElse(0);
        return new Run(
                configuration.label(),
                round,
                latencies,
                errors,
                firstError,
                measuredNanos,
                sent,
                cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
    }

    private static WorkerTally work(int worker, Configuration.Request request, AtomicInteger remaining, long deadline) {
        WorkerTally tally = new WorkerTally();
        while (remaining != null ? remaining.getAndDecrement() > 0 : System.nanoTime() < deadline) {
            String error;
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = request.send(worker);
                error = response.statusCode() / 100 == 2
                        ? null
                        : "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                error = e.toString();
            }
            long end = System.nanoTime();
            tally.add(end - start, end, end <= deadline, error);
        }
        return tally;
    }

    /** Linux measures process CPU time in clock ticks (10 ms), fine enough for runs of seconds. */
    private long serverCpuNanos() {
        return server.flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(-1L);
    }

    private static String abbreviate(String body) {
        return body.length() <= ERROR_BODY_CHARS ? body : body.substring(0, ERROR_BODY_CHARS) + "...";
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One worker's share of a run, kept in a primitive array so that recording costs no allocation per request. */
    private static final class WorkerTally {
        long[] latencies = new long[1024];
        int counted;
        int sent;
        long lastCountedEnd;
        int errors;
        String firstError;

        void add(long latencyNanos, long end, boolean inWindow, String error) {
            sent++;
            if (inWindow) {
                if (counted == latencies.length) {
                    latencies = Arrays.copyOf(latencies, counted * 2);
                }
                latencies[counted++] = latencyNanos;
                lastCountedEnd = end;
            }
            if (error != null) {
                errors++;
                if (firstError == null) {
                    firstError = error;
                }
            }
        }
    }
}
