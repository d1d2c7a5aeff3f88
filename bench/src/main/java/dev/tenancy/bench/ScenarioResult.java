package dev.tenancy.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A scenario's outcome, as printed and as written to bench-results.json. Ratios are B/A; a ratio is null when it
 * cannot be computed (the scenario failed, or the server's CPU time is unknown). {@code failure} is set when the
 * scenario could not run.
 */
record ScenarioResult(
        String name,
        String description,
        ConfigurationResult a,
        ConfigurationResult b,
        Double throughputRatio,
        Double p50Ratio,
        Double serverCpuPerRequestRatio,
        List<Double> roundThroughputRatios,
        Double foreignCpuCores,
        String failure) {

    /** @param foreignCpuCores cores that other processes used on average while the rounds ran, null when unknown */
    static ScenarioResult measured(
            String name,
            String description,
            List<LoadRunner.Run> runsOfA,
            List<LoadRunner.Run> runsOfB,
            Double foreignCpuCores) {
        ConfigurationResult a = ConfigurationResult.of(runsOfA);
        ConfigurationResult b = ConfigurationResult.of(runsOfB);
        // the runs of A and B of one round are neighbours in time: their ratio shows how much the method wobbles
        List<Double> perRound = IntStream.range(0, runsOfA.size())
                .mapToObj(i -> threeDecimals(
                        runsOfB.get(i).throughput() / runsOfA.get(i).throughput()))
                .toList();
        Double cpuRatio = a.serverCpuMsPerRequest == null || b.serverCpuMsPerRequest == null
                ? null
                : threeDecimals(b.serverCpuMsPerRequest / a.serverCpuMsPerRequest);
        return new ScenarioResult(
                name,
                description,
                a,
                b,
                threeDecimals(b.throughput / a.throughput),
                threeDecimals(b.p50Ms / a.p50Ms),
                cpuRatio,
                perRound,
                foreignCpuCores == null ? null : threeDecimals(foreignCpuCores),
                null);
    }

    static ScenarioResult failed(Scenario scenario, Exception failure) {
        return new ScenarioResult(
                scenario.name(),
                scenario.description(),
                null,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                failure.toString());
    }

    int errors() {
        return a == null ? 0 : a.errors + b.errors;
    }

    /**
     * All runs of one configuration together: throughput is all counted requests over all measured time, percentiles
     * are over all counted latencies, and server CPU per request is all CPU time over all requests sent.
     */
    record ConfigurationResult(
            String label,
            int requests,
            int errors,
            double seconds,
            double throughput,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            Double serverCpuMsPerRequest,
            List<RunSummary> runs,
            String firstError) {

        static ConfigurationResult of(List<LoadRunner.Run> runs) {
            long[] latencies = runs.stream()
                    .flatMapToLong(r -> Arrays.stream(r.latencyNanos()))
                    .sorted()
                    .toArray();
            long measuredNanos =
                    runs.stream().mapToLong(LoadRunner.Run::measuredNanos).sum();
            boolean cpuKnown = runs.stream().allMatch(r -> r.serverCpuNanos() >= 0);
            long cpuNanos =
                    runs.stream().mapToLong(LoadRunner.Run::serverCpuNanos).sum();
            int sent = runs.stream().mapToInt(LoadRunner.Run::sent).sum();
            return new ConfigurationResult(
                    runs.get(0).label(),
                    latencies.length,
                    runs.stream().mapToInt(LoadRunner.Run::errors).sum(),
                    threeDecimals(measuredNanos / 1e9),
                    threeDecimals(latencies.length / (measuredNanos / 1e9)),
                    percentileMs(latencies, 50),
                    percentileMs(latencies, 95),
                    percentileMs(latencies, 99),
                    cpuKnown && sent > 0 ? threeDecimals(cpuNanos / 1e6 / sent) : null,
                    runs.stream().map(RunSummary::of).toList(),
                    runs.stream()
                            .map(LoadRunner.Run::firstError)
                            .filter(Objects::nonNull)
                            .findFirst()
                            .orElse(null));
        }
    }

    /** One measured run, kept so that drift within the scenario can be seen afterwards. */
    record RunSummary(int round, int requests, int errors, double seconds, double throughput, double p50Ms) {

        static RunSummary of(LoadRunner.Run run) {
            long[] sorted = run.latencyNanos().clone();
            Arrays.sort(sorted);
            return new RunSummary(
                    run.round(),
                    run.requests(),
                    run.errors(),
                    threeDecimals(run.measuredNanos() / 1e9),
                    threeDecimals(run.throughput()),
                    percentileMs(sorted, 50));
        }
    }

    /** Nearest-rank percentile of sorted latencies, in milliseconds. */
    private static double percentileMs(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
        return threeDecimals(sortedNanos[Math.max(0, rank - 1)] / 1e6);
    }

    private static double threeDecimals(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : value;
    }
}
