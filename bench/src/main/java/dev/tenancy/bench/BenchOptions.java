package dev.tenancy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line. Each configuration runs {@code rounds} times; a run's size is either a number of requests per
 * configuration per round ({@code --requests}) or a total measuring time ({@code --duration}) shared equally by the
 * {@code 2 * rounds} runs.
 */
record BenchOptions(
        List<String> scenarios,
        int workers,
        int requestsPerRun,
        Duration duration,
        int rounds,
        Duration warmup,
        String url,
        String adminUser,
        String adminPassword,
        boolean keep,
        boolean help) {

    private static final String USAGE = """
            Usage: Bench [options]
              --scenario NAME[,NAME]  scenario(s) to run, repeatable (default: all of %s)
              --workers N             concurrent clients, one thread each (default 8)
              --duration SECONDS      measuring time per scenario, shared by all rounds of A and B (default 60)
              --requests N            instead of --duration: requests per configuration per round
              --rounds R              rounds of A and B, alternating A,B then B,A; even (default 12)
              --warmup SECONDS        unmeasured load before the rounds, half A, half B (default 10)
              --url URL               use a running Keycloak instead of starting one (e.g. http://localhost:8080)
              --admin USER:PASSWORD   its master-realm admin (default admin:admin)
              --keep                  keep the server's database and the large seeded realms between runs (a
                                      re-run reuses them instead of seeding again; PostgreSQL database %s)
              --help                  this text
            """;

    /** The PostgreSQL database a bench-started server uses with --keep (H2: the bench home's data/h2). */
    static final String KEPT_DATABASE = "tenancy_bench";

    static String usage() {
        return String.format(
                USAGE, Scenarios.ALL.stream().map(Scenario::name).collect(Collectors.joining(", ")), KEPT_DATABASE);
    }

    /** The time of one measured run of one configuration, or null in --requests mode. */
    Duration runDuration() {
        return requestsPerRun > 0 ? null : duration.dividedBy(2L * rounds);
    }

    static BenchOptions parse(String... args) {
        List<String> scenarios = new ArrayList<>();
        int workers = 8;
        int requests = 0;
        Duration duration = null;
        // short runs, many turns: on a shared 2-core machine the neighbours' load changes within seconds, and only
        // A and B runs close together in time see the same neighbours (12 rounds came out within 3% of 1.0 on a busy
        // machine where 6 rounds of 5 s were off by up to 25%)
        int rounds = 12;
        Duration warmup = Duration.ofSeconds(10);
        String url = null;
        String admin = "admin:admin";
        boolean help = false;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = null;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            }
            if (option.equals("--help") || option.equals("-h")) {
                help = true;
                continue;
            }
            if (option.equals("--keep") && value == null) {
                keep = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                value = args[++i];
            }
            switch (option) {
                case "--scenario" ->
                    Arrays.stream(value.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .forEach(scenarios::add);
                case "--workers" -> workers = positive(option, value);
                case "--requests" -> requests = positive(option, value);
                case "--duration" -> duration = Duration.ofSeconds(positive(option, value));
                case "--rounds" -> rounds = positive(option, value);
                case "--warmup" -> warmup = Duration.ofSeconds(nonNegative(option, value));
                case "--url" -> url = value.replaceAll("/+$", "");
                case "--admin" -> admin = value;
                default -> throw new IllegalArgumentException("Unknown option " + option);
            }
        }
        if (requests > 0 && duration != null) {
            throw new IllegalArgumentException("--requests and --duration exclude each other");
        }
        if (rounds % 2 != 0) {
            throw new IllegalArgumentException("--rounds must be even, so that A runs first as often as B does");
        }
        int colon = admin.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--admin must be USER:PASSWORD");
        }
        if (scenarios.isEmpty()) {
            Scenarios.ALL.forEach(s -> scenarios.add(s.name()));
        }
        for (String name : scenarios) {
            Scenarios.named(name); // fails early on a typo, before a server is started
        }
        return new BenchOptions(
                List.copyOf(scenarios),
                workers,
                requests,
                duration == null ? Duration.ofSeconds(60) : duration,
                rounds,
                warmup,
                url,
                admin.substring(0, colon),
                admin.substring(colon + 1),
                keep,
                help);
    }

    private static int positive(String option, String value) {
        int number = nonNegative(option, value);
        if (number == 0) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return number;
    }

    private static int nonNegative(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number < 0) {
                throw new IllegalArgumentException(option + " must not be negative");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
    }
}
