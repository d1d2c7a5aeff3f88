package dev.tenancy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.admin.client.Keycloak;

/**
 * One stock Keycloak distribution, run as a process with our bundle in {@code providers/}.
 *
 * <p>Lifecycle: {@link #start(ServerSettings)} copies the bundle, runs {@code kc.sh build} only when the jars or the
 * build options changed since the last build (a fingerprint file remembers), starts {@code kc.sh start --optimized}
 * on free ports and waits for {@code /health/ready}. {@link #close()} stops it (SIGTERM, then SIGKILL) and drops
 * its database. A watchdog process and a JVM shutdown hook stop the server when the test JVM dies or is
 * interrupted, and a server left behind by a killed run is reaped at the next start (pid file).</p>
 *
 * <p>This class composes the run; each concern is a class of its own: {@link DistributionBuild} (bundle and
 * {@code kc.sh build}), {@link ServerProcess} (the process, watchdog, shutdown hook and pid file),
 * {@link PostgresDatabases} (the test databases) and {@link FreePorts}.</p>
 *
 * <p>The same class runs each node of a {@link KeycloakCluster}: there the cluster builds the distribution once, owns
 * the shared database and passes the node's clustering options; see {@link #startNode}.</p>
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final ServerSettings settings;
    private final Path logFile;
    private final int httpPort;
    private final int managementPort;
    private final String databaseName;
    /**
     * Whether {@link #close()} drops {@link #databaseName}: not for a kept (bench) database, nor for a cluster node's
     * (the cluster drops it).
     */
    private final boolean ownsDatabase;
    /** Options that make this process a cluster node ({@code --cache=ispn ...}); empty for the single server. */
    private final List<String> nodeOptions;
    /** The URL Keycloak names itself by (the shared {@code --hostname} of a cluster), or null: {@link #baseUrl()}. */
    private final String frontendUrl;
    /** The running process, or null before the first launch, after {@link #close()} and after {@link #killJvm()}. */
    private ServerProcess process;

    private Keycloak adminClient;
    private Duration startupTime = Duration.ZERO;
    private Duration buildTime = Duration.ZERO;

    private KeycloakServer(
            ServerSettings settings,
            Path logFile,
            int httpPort,
            int managementPort,
            String databaseName,
            boolean ownsDatabase,
            List<String> nodeOptions,
            String frontendUrl) {
        this.settings = settings;
        this.logFile = logFile;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.databaseName = databaseName;
        this.ownsDatabase = ownsDatabase;
        this.nodeOptions = List.copyOf(nodeOptions);
        this.frontendUrl = frontendUrl;
    }

    /** A server on a fresh database (PostgreSQL: a new database, dropped at {@link #close()}; H2: wiped first). */
    public static KeycloakServer start(ServerSettings settings) {
        return start(settings, null);
    }

    /**
     * @param keptDatabase null for a fresh database; otherwise the data is kept across runs (for the bench's large
     *                     seeded realms): on PostgreSQL the database of this name, created when missing and never
     *                     dropped; on H2 the distribution's {@code data/h2}, not wiped
     */
    public static KeycloakServer start(ServerSettings settings, String keptDatabase) {
        if (keptDatabase != null && !keptDatabase.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + keptDatabase);
        }
        Path kcSh = settings.home().resolve("bin/kc.sh");
        if (!Files.isExecutable(kcSh)) {
            throw new IllegalStateException(kcSh + " not found or not executable: tenancy.kc.home must be an unpacked "
                    + "keycloak-quarkus-dist");
        }
        Path javaHome = JavaHomes.serverJavaHome();
        ServerProcess.reapLeftover(settings.home());
        int httpPort = FreePorts.port(settings.httpPort(), "tenancy.kc.port");
        int managementPort = FreePorts.port(settings.managementPort(), "tenancy.kc.management-port");
        boolean keep = keptDatabase != null;
        String database = settings.database() != ServerSettings.Database.POSTGRES
                ? null
                : keep
                        ? keptDatabase
                        : "tenancy_it_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
        Path logFile = settings.home().resolve("../keycloak-server.log").normalize();
        KeycloakServer server =
                new KeycloakServer(settings, logFile, httpPort, managementPort, database, !keep, List.of(), null);
        try {
            server.buildTime = DistributionBuild.build(settings, logFile, javaHome, List.of());
            if (database != null && !(keep && PostgresDatabases.exists(settings, database))) {
                PostgresDatabases.create(settings, database);
            }
            // a kept H2 database is not wiped (launch wipes data/h2 only for a fresh database)
            server.launch(javaHome, !keep);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts one node of a cluster on an already built home (a copy of the built distribution) and an existing
     * PostgreSQL database that the caller owns; {@code nodeOptions} are the node's clustering options, and
     * {@code frontendUrl} the shared {@code --hostname} they contain (the issuer base of every node's tokens).
     */
    static KeycloakServer startNode(
            ServerSettings nodeSettings, Path logFile, String database, List<String> nodeOptions, String frontendUrl) {
        ServerProcess.reapLeftover(nodeSettings.home());
        KeycloakServer node = new KeycloakServer(
                nodeSettings,
                logFile,
                FreePorts.port(0, "node http port"),
                FreePorts.port(0, "node management port"),
                database,
                false,
                nodeOptions,
                frontendUrl);
        try {
            node.launch(JavaHomes.serverJavaHome(), false);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Where this process listens: {@code http://localhost:PORT}. Requests to one node of a cluster go here. */
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /**
     * The URL Keycloak names itself by, the base of the token issuer: {@link #baseUrl()} for the single server; the
     * cluster's one {@code --hostname} (its load balancer) for a cluster node, whichever node serves the request.
     */
    public String frontendUrl() {
        return frontendUrl != null ? frontendUrl : baseUrl();
    }

    /** The settings this server was started with (database host, port and user for fixtures written in SQL). */
    public ServerSettings settings() {
        return settings;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** How long the last start (or {@link #restart()}) took until {@code /health/ready} answered. */
    public Duration startupTime() {
        return startupTime;
    }

    public Duration buildTime() {
        return buildTime;
    }

    /**
     * The JDBC URL of the server's PostgreSQL database, for tests that inspect or fault the database while the server
     * runs (user {@link #databaseUser()}, trust authentication); empty on the embedded H2, which the server process
     * holds exclusively.
     */
    public Optional<String> jdbcUrl() {
        return databaseName == null ? Optional.empty() : Optional.of(PostgresDatabases.jdbcUrl(settings, databaseName));
    }

    public String databaseUser() {
        return settings.dbUser();
    }

    /** The pid of the Keycloak JVM (not of kc.sh), for RSS measurements. */
    public long serverPid() {
        return process.jvmPid();
    }

    /** An admin client of the master realm, logged in as the bootstrap admin. */
    public synchronized Keycloak admin() {
        if (adminClient == null) {
            adminClient = Keycloak.getInstance(baseUrl(), "master", ADMIN_USER, ADMIN_PASSWORD, "admin-cli");
        }
        return adminClient;
    }

    public List<String> logTail(int lines) {
        return ServerProcess.tail(logFile, lines);
    }

    /**
     * Stops the server and starts it again on the same ports and the SAME database (for durability tests: sessions,
     * token families, tenants must survive). The admin client is re-created on first use.
     */
    public synchronized void restart() {
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
        stopProcess();
        launch(JavaHomes.serverJavaHome(), false);
    }

    private void launch(Path javaHome, boolean freshDatabase) {
        List<String> command = new ArrayList<>(List.of(
                "setsid",
                settings.home().resolve("bin/kc.sh").toString(),
                "start",
                "--optimized",
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--log-console-color=false",
                // readiness polling would otherwise log a line every 500 ms
                "--log-level=INFO,io.smallrye.health:WARN"));
        if (nodeOptions.isEmpty()) {
            command.add("--cache=local"); // one server: no JGroups discovery (a runtime option in 26.7.3)
        } else {
            command.addAll(nodeOptions);
        }
        if (databaseName != null) {
            command.add("--db-url=" + jdbcUrl().orElseThrow());
            command.add("--db-username=" + settings.dbUser());
            command.add("--db-password=unused-trust-auth");
        } else if (freshDatabase) {
            deleteRecursively(settings.home().resolve("data/h2")); // a fresh embedded database per run
        }
        Instant begin = Instant.now();
        process = ServerProcess.start(
                settings,
                logFile,
                command,
                javaHome,
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
        awaitReady(begin);
        startupTime = Duration.between(begin, Instant.now());
    }

    private void awaitReady(Instant begin) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = begin.plus(settings.readyTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + logFile + ":\n" + String.join("\n", logTail(60)));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within "
                + settings.readyTimeout().toSeconds() + " s (tenancy.kc.ready-timeout). Last lines of " + logFile
                + ":\n" + String.join("\n", logTail(60)));
    }

    @Override
    public synchronized void close() {
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
        stopProcess();
        if (databaseName != null && ownsDatabase) {
            PostgresDatabases.drop(settings, databaseName);
        }
    }

    /**
     * SIGKILL of the Keycloak JVM: no shutdown, no goodbye to the cluster, as a crashed machine. The node's
     * watchdog and shutdown hook go with it; {@link #relaunch()} starts it again on the same ports and database.
     */
    synchronized void killJvm() {
        if (process == null) {
            return;
        }
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
        process.kill(baseUrl());
        process = null;
    }

    /** Starts the process again after {@link #killJvm()}, on the same ports and database. */
    synchronized void relaunch() {
        if (process != null) {
            throw new IllegalStateException("Keycloak at " + baseUrl() + " is still running");
        }
        launch(JavaHomes.serverJavaHome(), false);
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the process (SIGTERM, then SIGKILL) and its watchdog; its shutdown hook is no longer needed. */
    private synchronized void stopProcess() {
        if (process != null) {
            process.stop();
            process.removeShutdownHook();
            process = null;
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + dir, e);
        }
    }

    /** Sleeps, turning an interrupt into an unchecked exception (the interrupt flag stays set). */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
