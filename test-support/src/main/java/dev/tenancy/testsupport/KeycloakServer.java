package dev.tenancy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * <p>The same class runs each node of a {@link KeycloakCluster}: there the cluster builds the distribution once, owns
 * the shared database and passes the node's clustering options; see {@link #startNode}.</p>
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    private static final String FINGERPRINT_FILE = ".tenancy-build-fingerprint";
    private static final String PID_FILE = ".tenancy-server.pid";

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
    private Process process;
    private Process watchdog;
    private Keycloak adminClient;
    private Thread shutdownHook;
    private Duration startupTime = Duration.ZERO;
    private Duration buildTime = Duration.ZERO;

    private KeycloakServer(ServerSettings settings, Path logFile, int httpPort, int managementPort, String databaseName,
            boolean ownsDatabase, List<String> nodeOptions, String frontendUrl) {
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
        reapLeftoverServer(settings.home());
        int httpPort = port(settings.httpPort(), "tenancy.kc.port");
        int managementPort = port(settings.managementPort(), "tenancy.kc.management-port");
        boolean keep = keptDatabase != null;
        String database = settings.database() != ServerSettings.Database.POSTGRES ? null
                : keep ? keptDatabase : "tenancy_it_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
        Path logFile = settings.home().resolve("../keycloak-server.log").normalize();
        KeycloakServer server = new KeycloakServer(settings, logFile, httpPort, managementPort, database, !keep,
                List.of(), null);
        try {
            server.buildTime = build(settings, logFile, javaHome, List.of());
            if (database != null && !(keep && postgresDatabaseExists(settings, database))) {
                postgres(settings, "CREATE DATABASE " + database);
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
    static KeycloakServer startNode(ServerSettings nodeSettings, Path logFile, String database, List<String> nodeOptions,
            String frontendUrl) {
        reapLeftoverServer(nodeSettings.home());
        KeycloakServer node = new KeycloakServer(nodeSettings, logFile, port(0, "node http port"),
                port(0, "node management port"), database, false, nodeOptions, frontendUrl);
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
        return databaseName == null ? Optional.empty()
                : Optional.of("jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/" + databaseName);
    }

    public String databaseUser() {
        return settings.dbUser();
    }

    /** The pid of the Keycloak JVM (not of kc.sh), for RSS measurements. */
    public long serverPid() {
        return process.toHandle().descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    /** An admin client of the master realm, logged in as the bootstrap admin. */
    public synchronized Keycloak admin() {
        if (adminClient == null) {
            adminClient = Keycloak.getInstance(baseUrl(), "master", ADMIN_USER, ADMIN_PASSWORD, "admin-cli");
        }
        return adminClient;
    }

    public List<String> logTail(int lines) {
        return tail(logFile, lines);
    }

    private static List<String> tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no server log at " + logFile + ": " + e.getMessage() + ")");
        }
    }

    /**
     * Runs {@code kc.sh build} in {@code settings.home()} when the bundle's jars or the build options changed since the
     * last build (a fingerprint file remembers), and returns how long it took (zero when nothing was to be done).
     */
    static Duration build(ServerSettings settings, Path logFile, Path javaHome, List<String> moreBuildOptions) {
        List<String> buildArgs = new ArrayList<>(List.of("build", "--db=" + settings.database().kcName(),
                "--health-enabled=true"));
        buildArgs.addAll(settings.extraBuildOptions());
        buildArgs.addAll(moreBuildOptions);
        Path providersDir = settings.home().resolve("providers");
        List<Path> bundle = jarsIn(settings.providers());
        if (bundle.isEmpty()) {
            throw new IllegalStateException("No provider jars in " + settings.providers() + ": build the bundle first "
                    + "(mvn package)");
        }
        String fingerprint = fingerprint(bundle, buildArgs);
        Path fingerprintFile = settings.home().resolve(FINGERPRINT_FILE);
        try {
            // The fingerprint names the jars and options AND the build output they produced: a re-unpacked
            // distribution (fresh lib/quarkus) no longer matches and is built again.
            if (Files.isRegularFile(fingerprintFile)
                    && Files.readString(fingerprintFile).equals(fingerprint + " " + buildOutputHash(settings))) {
                return Duration.ZERO; // same jars, same options, same build: the optimized server is current
            }
            for (Path old : jarsIn(providersDir)) {
                Files.delete(old);
            }
            for (Path jar : bundle) {
                Files.copy(jar, providersDir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(fingerprintFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the bundle into " + providersDir, e);
        }
        Instant begin = Instant.now();
        List<String> command = new ArrayList<>(List.of(settings.home().resolve("bin/kc.sh").toString()));
        command.addAll(buildArgs);
        Process build = processBuilder(settings, logFile, command, javaHome).run();
        try {
            if (!build.waitFor(5, TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build did not finish within 5 minutes; see " + logFile);
            }
            if (build.exitValue() != 0) {
                throw new IllegalStateException("kc.sh build failed (exit " + build.exitValue() + "):\n"
                        + String.join("\n", tail(logFile, 40)));
            }
            Files.writeString(fingerprintFile, fingerprint + " " + buildOutputHash(settings));
        } catch (InterruptedException e) {
            build.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the server", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Duration.between(begin, Instant.now());
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
        removeShutdownHook();
        launch(JavaHomes.serverJavaHome(), false);
    }

    private void launch(Path javaHome, boolean freshDatabase) {
        List<String> command = new ArrayList<>(List.of("setsid", settings.home().resolve("bin/kc.sh").toString(), "start",
                "--optimized", "--http-enabled=true", "--hostname-strict=false", "--http-host=127.0.0.1",
                "--http-port=" + httpPort, "--http-management-port=" + managementPort, "--log-console-color=false",
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
        ProcessStarter starter = processBuilder(settings, logFile, command, javaHome);
        starter.builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        starter.builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        process = starter.run();
        writePidFile();
        startWatchdog();
        shutdownHook = new Thread(this::stopProcess, "keycloak-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitReady(begin);
        startupTime = Duration.between(begin, Instant.now());
    }

    private void awaitReady(Instant begin) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = begin.plus(settings.readyTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + logFile + ":\n" + String.join("\n", logTail(60)));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
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
        throw new IllegalStateException("Keycloak was not ready within " + settings.readyTimeout().toSeconds()
                + " s (tenancy.kc.ready-timeout). Last lines of " + logFile + ":\n" + String.join("\n", logTail(60)));
    }

    @Override
    public synchronized void close() {
        if (adminClient != null) {
            adminClient.close();
            adminClient = null;
        }
        stopProcess();
        removeShutdownHook();
        if (databaseName != null && ownsDatabase) {
            dropDatabase(settings, databaseName);
        }
    }

    static void dropDatabase(ServerSettings settings, String databaseName) {
        try {
            postgres(settings, "DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
        } catch (RuntimeException e) {
            System.err.println("[tenancy] could not drop test database " + databaseName + ": " + e.getMessage());
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
        // SIGKILL to the JVM and to kc.sh around it: nothing runs a shutdown
        List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Process " + handle.pid() + " of " + baseUrl() + " survived SIGKILL", e);
            }
        }
        process = null;
        if (watchdog != null) {
            watchdog.destroyForcibly();
            watchdog = null;
        }
        removeShutdownHook();
        try {
            Files.deleteIfExists(settings.home().resolve(PID_FILE));
        } catch (IOException e) {
            // harmless: the next start checks the pid before killing
        }
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

    private void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
            shutdownHook = null;
        }
    }

    private synchronized void stopProcess() {
        if (process != null) {
            List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
            tree.add(0, process.toHandle());
            tree.forEach(ProcessHandle::destroy); // SIGTERM: Keycloak shuts down cleanly in a few seconds
            Instant deadline = Instant.now().plusSeconds(30);
            for (ProcessHandle handle : tree) {
                try {
                    handle.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    handle.destroyForcibly();
                }
            }
            process = null;
            try {
                Files.deleteIfExists(settings.home().resolve(PID_FILE));
            } catch (IOException e) {
                // harmless: the next start checks the pid before killing
            }
        }
        if (watchdog != null) {
            watchdog.destroyForcibly();
            watchdog = null;
        }
    }

    /**
     * A shell loop outside this JVM that ends the server's process group when this JVM dies (kill -9 of Maven, a
     * crashed fork), so no Keycloak outlives its test run. {@code setsid} made kc.sh the leader of its own group.
     */
    private void startWatchdog() {
        long jvm = ProcessHandle.current().pid();
        long server = process.pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + server + " 2>/dev/null; do sleep 1; done; "
                + "kill -TERM -- -" + server + " 2>/dev/null; sleep 20; kill -KILL -- -" + server + " 2>/dev/null";
        try {
            watchdog = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the server watchdog", e);
        }
    }

    private void writePidFile() {
        try {
            Files.writeString(settings.home().resolve(PID_FILE), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills a server that an earlier, killed run of this same home left running. */
    static void reapLeftoverServer(Path home) {
        Path pidFile = home.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                    .ifPresent(leftover -> {
                        System.err.println("[tenancy] stopping a Keycloak left running by an earlier run (pid " + pid + ")");
                        leftover.descendants().forEach(ProcessHandle::destroyForcibly);
                        leftover.destroyForcibly();
                    });
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            // an unreadable pid file names nothing to reap
        }
    }

    static int port(int configured, String property) {
        if (configured != 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", configured));
            } catch (IOException e) {
                throw new IllegalStateException("Port " + configured + " (" + property + ") is busy: stop what uses it "
                        + "or set " + property + "=0 for a free port");
            }
            return configured;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static boolean postgresDatabaseExists(ServerSettings settings, String name) {
        String url = "jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, settings.dbUser(), "");
             var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + settings.dbHost() + ":" + settings.dbPort()
                    + " cannot be queried: " + e.getMessage(), e);
        }
    }

    static void postgres(ServerSettings settings, String sql) {
        String url = "jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, settings.dbUser(), "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + settings.dbHost() + ":" + settings.dbPort()
                    + " refused '" + sql + "': " + e.getMessage() + ". Is it running (pg_ctlcluster 15 main start)?", e);
        }
    }

    private static ProcessStarter processBuilder(ServerSettings settings, Path logFile, List<String> command,
            Path javaHome) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.home().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().remove("JAVA_OPTS");
        return new ProcessStarter(builder);
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fingerprint(List<Path> jars, List<String> buildArgs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join(" ", buildArgs).getBytes(StandardCharsets.UTF_8));
            for (Path jar : jars) {
                digest.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(jar));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hash of Keycloak's record of its last build, which {@code kc.sh build} rewrites and an unpack replaces. */
    private static String buildOutputHash(ServerSettings settings) {
        Path record = settings.home().resolve("lib/quarkus/build-system.properties");
        try {
            byte[] content = Files.isRegularFile(record) ? Files.readAllBytes(record) : new byte[0];
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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

    /** ProcessBuilder.start with the IOException turned into a clear unchecked one. */
    private record ProcessStarter(ProcessBuilder builder) {
        Process run() {
            try {
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + builder.command(), e);
            }
        }
    }
}
