package dev.tenancy.bench;

import dev.tenancy.testsupport.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Measures Keycloak over HTTP: for each scenario, configuration A and configuration B run against the same server in
 * alternating rounds (A,B then B,A, ...), so that warm-up, JIT, growing databases and other drift hit both alike,
 * and the B/A ratios are what the comparison is about. See bench/README.md.
 */
public final class Bench {

    private static final Path RESULTS = Path.of(System.getProperty("tenancy.bench.results", "bench-results.json"));
    private static final String LOUD = "!!!!!!!! ";
    /** Above this share of the cores used by other processes, the bench warns that its figures are disturbed. */
    private static final double BUSY_MACHINE_SHARE = 0.1;

    private final BenchOptions options;
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final Map<String, Object> serverFacts = new LinkedHashMap<>();

    private Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.usage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.usage());
            return;
        }
        int status;
        try {
            status = new Bench(options).run();
        } catch (Exception | Error e) { // Errors too: an uncaught one would leave the JVM to the admin client's threads
            System.err.println(LOUD + "BENCH FAILED: " + e);
            e.printStackTrace();
            status = 1;
        }
        // the admin client leaves non-daemon threads behind; the server is already stopped at this point
        System.exit(status);
    }

    /** Returns the process exit status: 0 when every scenario ran without a single error. */
    private int run() throws Exception {
        printMachine();
        List<ScenarioResult> results = new ArrayList<>();
        try (BenchServer server = options.url() == null
                ? BenchServer.start(options.keep() ? BenchOptions.KEPT_DATABASE : null)
                : BenchServer.connect(options.url(), options.adminUser(), options.adminPassword())) {
            Optional<ProcessHandle> serverProcess = server.started().flatMap(s -> ProcessHandle.of(s.serverPid()));
            printServer(server, serverProcess);
            try (BenchContext context = new BenchContext(server, options.workers(), options.keep());
                    LoadRunner runner = new LoadRunner(options.workers(), serverProcess)) {
                for (String name : options.scenarios()) {
                    results.addAll(runScenario(Scenarios.named(name), context, runner, serverProcess));
                    writeResults(results);
                }
            }
            Optional<ProcessMemory> memory = ProcessMemory.of(serverProcess);
            memory.ifPresent(m -> serverFacts.put("rssEndMiB", m.rssMiB()));
            memory.ifPresent(m -> serverFacts.put("peakRssMiB", m.peakRssMiB()));
            System.out.println();
            System.out.println("server RSS at end: "
                    + memory.map(ProcessMemory::describe).orElse("unknown (the bench did not start this server)"));
            writeResults(results);
            System.out.println("results: " + RESULTS.toAbsolutePath());
        }
        int errors = results.stream().mapToInt(ScenarioResult::errors).sum();
        long failed = results.stream().filter(r -> r.failure() != null).count();
        if (errors > 0 || failed > 0) {
            System.out.println(LOUD + "THIS RUN IS NOT VALID: " + errors + " request errors, " + failed
                    + " scenario(s) failed; see above");
            return 1;
        }
        return 0;
    }

    /** One result per comparison of the scenario (one for most scenarios), or one failed result. */
    private List<ScenarioResult> runScenario(
            Scenario scenario, BenchContext context, LoadRunner runner, Optional<ProcessHandle> serverProcess) {
        System.out.println();
        System.out.println("== " + scenario.name() + ": " + scenario.description());
        List<ScenarioResult> results = new ArrayList<>();
        try {
            Instant setUpStart = Instant.now();
            List<Comparison> comparisons = scenario.setUpComparisons(context);
            System.out.printf(
                    Locale.ROOT,
                    "set up in %.1f s%n",
                    Duration.between(setUpStart, Instant.now()).toMillis() / 1000.0);
            for (Comparison comparison : comparisons) {
                String name = comparison.part() == null ? scenario.name() : scenario.name() + "/" + comparison.part();
                if (comparison.part() != null) {
                    System.out.println();
                    System.out.println("-- " + name);
                }
                System.out.println("A = " + comparison.a().label() + ", B = "
                        + comparison.b().label());
                results.add(measureComparison(name, scenario.description(), comparison, runner, serverProcess));
            }
            if (results.size() > 1) {
                printSummary(scenario, results);
            }
        } catch (Exception e) {
            System.out.println(LOUD + "SCENARIO " + scenario.name() + " FAILED: " + e);
            e.printStackTrace(System.out);
            results.add(ScenarioResult.failed(scenario, e));
        } finally {
            try {
                scenario.tearDown(context);
            } catch (RuntimeException e) {
                System.out.println("could not tear down " + scenario.name() + ": " + e);
            }
        }
        return results;
    }

    private ScenarioResult measureComparison(
            String name,
            String description,
            Comparison comparison,
            LoadRunner runner,
            Optional<ProcessHandle> serverProcess)
            throws InterruptedException {
        warmUp(comparison, runner);
        Optional<CpuSample> cpuBefore = CpuSample.take(serverProcess);
        List<LoadRunner.Run> runsOfA = new ArrayList<>();
        List<LoadRunner.Run> runsOfB = new ArrayList<>();
        for (int round = 0; round < options.rounds(); round++) {
            boolean aFirst = round % 2 == 0;
            LoadRunner.Run first = measure(aFirst ? comparison.a() : comparison.b(), round, runner);
            LoadRunner.Run second = measure(aFirst ? comparison.b() : comparison.a(), round, runner);
            LoadRunner.Run a = aFirst ? first : second;
            LoadRunner.Run b = aFirst ? second : first;
            runsOfA.add(a);
            runsOfB.add(b);
            System.out.printf(
                    Locale.ROOT,
                    "  round %d/%d (%s first): A %.1f req/s, B %.1f req/s%s%n",
                    round + 1,
                    options.rounds(),
                    aFirst ? "A" : "B",
                    a.throughput(),
                    b.throughput(),
                    a.errors() + b.errors() > 0 ? "  " + (a.errors() + b.errors()) + " ERRORS" : "");
        }
        Double foreignCores = cpuBefore
                .flatMap(before -> CpuSample.take(serverProcess).map(after -> after.foreignCoresSince(before)))
                .orElse(null);
        ScenarioResult result = ScenarioResult.measured(name, description, runsOfA, runsOfB, foreignCores);
        printTable(result);
        return result;
    }

    /** The latencies of all comparisons of a scenario, one line each: what its README table is made of. */
    private static void printSummary(Scenario scenario, List<ScenarioResult> results) {
        System.out.println();
        System.out.println("summary of " + scenario.name() + " (latency in ms, A | B, and B/A of p95):");
        System.out.printf(
                "%-34s %8s %8s %8s | %8s %8s %8s | %9s%n",
                "part", "A p50", "A p95", "A p99", "B p50", "B p95", "B p99", "p95 B/A");
        for (ScenarioResult r : results) {
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %9.2f%n",
                    r.name(),
                    r.a().p50Ms(),
                    r.a().p95Ms(),
                    r.a().p99Ms(),
                    r.b().p50Ms(),
                    r.b().p95Ms(),
                    r.b().p99Ms(),
                    r.b().p95Ms() / r.a().p95Ms());
        }
    }

    /** Unmeasured load, half A and half B: JIT, connection pools and caches settle before anything counts. */
    private void warmUp(Comparison comparison, LoadRunner runner) throws InterruptedException {
        if (options.warmup().isZero()) {
            return;
        }
        Duration half = options.warmup().dividedBy(2);
        int errors = runner.run(comparison.a(), -1, 0, half).errors()
                + runner.run(comparison.b(), -1, 0, half).errors();
        System.out.printf(
                "warmed up for %d s%s%n",
                options.warmup().toSeconds(), errors > 0 ? " (" + errors + " ERRORS during warmup)" : "");
    }

    private LoadRunner.Run measure(Configuration configuration, int round, LoadRunner runner)
            throws InterruptedException {
        return runner.run(configuration, round, options.requestsPerRun(), options.runDuration());
    }

    private static void printTable(ScenarioResult result) {
        System.out.printf(
                "%-24s %9s %7s %9s %9s %9s %9s %12s%n",
                "config", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "cpu ms/req");
        for (ScenarioResult.ConfigurationResult row : List.of(result.a(), result.b())) {
            String name = (row == result.a() ? "A " : "B ") + row.label();
            System.out.printf(
                    Locale.ROOT,
                    "%-24s %9d %7d %9.1f %9.2f %9.2f %9.2f %12s%n",
                    name,
                    row.requests(),
                    row.errors(),
                    row.throughput(),
                    row.p50Ms(),
                    row.p95Ms(),
                    row.p99Ms(),
                    twoDecimals(row.serverCpuMsPerRequest()));
        }
        System.out.printf(
                Locale.ROOT,
                "ratio B/A throughput = %.2f, p50 = %.2f, p95 = %.2f, server cpu/req = %s%n",
                result.throughputRatio(),
                result.p50Ratio(),
                result.b().p95Ms() / result.a().p95Ms(),
                twoDecimals(result.serverCpuPerRequestRatio()));
        System.out.println("  per-round throughput B/A: "
                + result.roundThroughputRatios().stream()
                        .map(Bench::twoDecimals)
                        .collect(Collectors.joining(" ")));
        if (result.foreignCpuCores() != null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf(
                    Locale.ROOT,
                    "  other processes used %.2f of %d cores during the rounds%n",
                    result.foreignCpuCores(),
                    cores);
            if (result.foreignCpuCores() > BUSY_MACHINE_SHARE * cores) {
                System.out.println(LOUD + "the machine was busy with other work: absolute figures are off and ratios "
                        + "noisier (see the per-round spread); server cpu/req is the steadiest figure");
            }
        }
        if (result.errors() > 0) {
            System.out.println(LOUD + result.errors() + " ERRORS in " + result.name() + " (A "
                    + result.a().errors() + ", B " + result.b().errors()
                    + "): these figures are NOT a valid comparison");
            for (ScenarioResult.ConfigurationResult row : List.of(result.a(), result.b())) {
                if (row.firstError() != null) {
                    System.out.println(LOUD + "first error of " + row.label() + ": " + row.firstError());
                }
            }
        }
    }

    private void printMachine() {
        Runtime runtime = Runtime.getRuntime();
        machine.put("cores", runtime.availableProcessors());
        machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
        machine.put(
                "memoryMiB",
                firstValue(Path.of("/proc/meminfo"), "MemTotal")
                        .map(v -> Long.parseLong(v.replaceAll("\\D", "")) / 1024)
                        .orElse(-1L));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("clientJava", System.getProperty("java.version"));
        machine.put("clientMaxHeapMiB", runtime.maxMemory() / (1024 * 1024));
        System.out.println("Keycloak Tenancy bench");
        System.out.printf(
                "machine: %s cores (%s), %s MiB RAM, %s%n",
                machine.get("cores"), machine.get("cpu"), machine.get("memoryMiB"), machine.get("os"));
        System.out.printf(
                "client:  Java %s, max heap %s MiB, %d workers%n",
                machine.get("clientJava"), machine.get("clientMaxHeapMiB"), options.workers());
        System.out.println("method:  " + describeMethod());
    }

    private String describeMethod() {
        String perRun = options.requestsPerRun() > 0
                ? options.requestsPerRun() + " requests"
                : String.format(Locale.ROOT, "%.1f s", options.runDuration().toMillis() / 1000.0);
        return options.rounds() + " rounds of A and B (A,B / B,A alternating), " + perRun + " per configuration per "
                + "round, after a " + options.warmup().toSeconds() + " s warmup";
    }

    private void printServer(BenchServer server, Optional<ProcessHandle> serverProcess) {
        serverFacts.put("url", server.baseUrl());
        serverFacts.put("startedByBench", server.started().isPresent());
        try {
            Map<String, Object> info = Http.get(
                            server.baseUrl() + "/admin/serverinfo", Http.bearer(server.adminToken()))
                    .json();
            Object systemInfo = info.get("systemInfo");
            if (systemInfo instanceof Map<?, ?> system) {
                serverFacts.put("keycloakVersion", system.get("version"));
                serverFacts.put("serverJava", system.get("javaVersion"));
            }
        } catch (RuntimeException | AssertionError e) {
            serverFacts.put("keycloakVersion", "unknown (" + e.getMessage() + ")");
        }
        StringBuilder line = new StringBuilder("server:  Keycloak " + serverFacts.get("keycloakVersion") + " on Java "
                + serverFacts.get("serverJava") + " at " + server.baseUrl());
        server.started()
                .ifPresentOrElse(
                        started -> {
                            serverFacts.put("startupMs", started.startupTime().toMillis());
                            serverFacts.put("buildMs", started.buildTime().toMillis());
                            serverFacts.put("pid", started.serverPid());
                            serverFacts.put("log", started.logFile().toString());
                            String build = started.buildTime().isZero()
                                    ? "optimized build reused"
                                    : String.format(
                                            Locale.ROOT,
                                            "after a kc.sh build of %.1f s",
                                            started.buildTime().toMillis() / 1e3);
                            line.append(String.format(
                                    Locale.ROOT,
                                    ", started by the bench in %.1f s (%s), pid %d",
                                    started.startupTime().toMillis() / 1e3,
                                    build,
                                    started.serverPid()));
                            ProcessMemory.of(serverProcess).ifPresent(memory -> {
                                serverFacts.put("rssStartMiB", memory.rssMiB());
                                line.append(", RSS ").append(memory.rssMiB()).append(" MiB");
                            });
                            line.append("\n         log: ").append(started.logFile());
                        },
                        () -> line.append(" (already running; not started by the bench)"));
        System.out.println(line);
    }

    private void writeResults(List<ScenarioResult> results) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("generatedAt", Instant.now().toString());
        document.put("machine", machine);
        document.put("server", serverFacts);
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("workers", options.workers());
        method.put("rounds", options.rounds());
        method.put("requestsPerRun", options.requestsPerRun() > 0 ? options.requestsPerRun() : null);
        method.put(
                "secondsPerRun",
                options.requestsPerRun() > 0 ? null : options.runDuration().toMillis() / 1000.0);
        method.put("warmupSeconds", options.warmup().toSeconds());
        document.put("method", method);
        document.put("scenarios", results);
        Files.createDirectories(RESULTS.toAbsolutePath().getParent());
        Http.JSON.writerWithDefaultPrettyPrinter().writeValue(RESULTS.toFile(), document);
    }

    /** Two decimals, or "-" for a figure that is not known (the server's CPU time when the bench did not start it). */
    private static String twoDecimals(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(key))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Resident and peak memory of a process, from Linux's /proc/PID/status (VmRSS, VmHWM). */
    private record ProcessMemory(long rssMiB, long peakRssMiB) {

        static Optional<ProcessMemory> of(Optional<ProcessHandle> process) {
            if (process.isEmpty()) {
                return Optional.empty();
            }
            Path status = Path.of("/proc/" + process.get().pid() + "/status");
            Optional<Long> rss = firstValue(status, "VmRSS").map(ProcessMemory::kibToMib);
            Optional<Long> peak = firstValue(status, "VmHWM").map(ProcessMemory::kibToMib);
            return rss.map(r -> new ProcessMemory(r, peak.orElse(r)));
        }

        String describe() {
            return rssMiB + " MiB (peak " + peakRssMiB + " MiB)";
        }

        private static long kibToMib(String value) {
            return Long.parseLong(value.replaceAll("\\D", "")) / 1024;
        }
    }
}
