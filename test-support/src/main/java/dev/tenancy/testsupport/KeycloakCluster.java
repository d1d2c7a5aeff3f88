package dev.tenancy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * N Keycloak nodes of ONE cluster on this machine: Keycloak's own clustering (embedded Infinispan, JGroups with the
 * default {@code jdbc-ping} discovery) over ONE shared PostgreSQL database, as users run it behind a load balancer.
 *
 * <p>{@link #start(ServerSettings, int)} builds the stock distribution with our bundle once (the same
 * {@code kc.sh build} as {@link KeycloakServer}; {@code --cache} is a runtime option in 26.7.3, so the build is the
 * single server's), copies it into one home per node ({@code cp -a}: a provider jar newer than the build would stop
 * {@code start --optimized}), creates a fresh database, starts node 0 and then the other nodes together, each a
 * {@link KeycloakServer} on free HTTP/management ports with {@code --cache=ispn}, JGroups bound to 127.0.0.1 on a
 * free port, and the same {@code --hostname}: the URL of a small {@link FrontendProxy} in front of all nodes. Tokens
 * therefore carry one issuer whichever node served them. It returns when every node's log shows the full cluster
 * view. {@link #close()} stops the nodes and drops the database.</p>
 *
 * <p>Each node has the single server's guarantees: a watchdog process ends it if this JVM dies, a shutdown hook
 * stops it, and a node left running by a killed run is reaped (pid file in its home) before the homes are copied.
 * The database of a killed run is dropped by the next start.</p>
 */
public final class KeycloakCluster implements AutoCloseable {

    /** Infinispan's view line, e.g. {@code ISPN000094: Received new cluster view for channel ISPN: [a|1] (2) [a, b]}. */
    private static final Pattern VIEW = Pattern.compile(
            "ISPN00009[34]: Received new(?:, MERGED)? cluster view for " + "channel \\S+: .*?\\((\\d+)\\)");
    /** JGroups' failure detection (FD_SOCK2) listens at the transport's port + 50000 in Keycloak's stacks. */
    private static final int FAILURE_DETECTION_OFFSET = 50_000;

    private static final int PORT_STEP = 10;
    /** Followed by the pid of the test JVM that owns the database, and a time stamp. */
    private static final String DATABASE_PREFIX = "tenancy_cluster_";

    private static final int FIRST_CLUSTER_PORT = 7800;
    private static final int LAST_CLUSTER_PORT = 9800;

    private final ServerSettings settings;
    private final String databaseName;
    private final List<Path> homes;
    private final List<Path> logs;
    private final List<Integer> clusterPorts;
    private final KeycloakServer[] nodes;
    private final FrontendProxy frontend;
    private Duration buildTime = Duration.ZERO;
    private Duration startupTime = Duration.ZERO;

    private KeycloakCluster(
            ServerSettings settings,
            String databaseName,
            List<Path> homes,
            List<Path> logs,
            List<Integer> clusterPorts) {
        this.settings = settings;
        this.databaseName = databaseName;
        this.homes = homes;
        this.logs = logs;
        this.clusterPorts = clusterPorts;
        this.nodes = new KeycloakServer[homes.size()];
        List<IntSupplier> ports = IntStream.range(0, homes.size())
                .<IntSupplier>mapToObj(i -> () -> nodes[i] == null ? 0 : nodes[i].httpPort())
                .toList();
        this.frontend = new FrontendProxy(ports);
    }

    /** Builds, copies and starts {@code size} nodes on a fresh PostgreSQL database; see the class comment. */
    public static KeycloakCluster start(ServerSettings settings, int size) {
        if (settings.database() != ServerSettings.Database.POSTGRES) {
            throw new IllegalStateException("A cluster needs the shared PostgreSQL database (tenancy.db=postgres), not "
                    + settings.database().kcName());
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        Path parent = settings.home().getParent();
        List<Path> homes = IntStream.range(0, size)
                .mapToObj(i -> parent.resolve("node-" + i))
                .toList();
        List<Path> logs = IntStream.range(0, size)
                .mapToObj(i -> parent.resolve("node-" + i + ".log"))
                .toList();
        homes.forEach(ServerProcess::reapLeftover);
        Path buildLog = parent.resolve("cluster-build.log");
        Duration buildTime = DistributionBuild.build(settings, buildLog, JavaHomes.serverJavaHome(), List.of());
        for (int i = 0; i < size; i++) {
            copyHome(settings.home(), homes.get(i));
            truncate(logs.get(i));
        }
        dropDatabasesOfDeadRuns(settings);
        String database = DATABASE_PREFIX + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
        PostgresDatabases.create(settings, database);
        KeycloakCluster cluster = new KeycloakCluster(settings, database, homes, logs, freeClusterPorts(size));
        cluster.buildTime = buildTime;
        try {
            Instant begin = Instant.now();
            // Node 0 first, alone: it creates the schema and the master realm. Started together, two nodes raced to
            // create Liquibase's DATABASECHANGELOG table (which exists before Keycloak's database lock can order
            // them) and one exited (seen once in four CI runs). The others then start together and join its view.
            cluster.launch(0);
            ExecutorService starters = Executors.newFixedThreadPool(Math.max(1, size - 1));
            try {
                List<Future<?>> started = IntStream.range(1, size)
                        .<Future<?>>mapToObj(i -> starters.submit(() -> cluster.launch(i)))
                        .toList();
                for (Future<?> node : started) {
                    node.get();
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the cluster", e);
            } finally {
                starters.shutdownNow();
            }
            cluster.awaitView(size, Duration.ofSeconds(120), Map.of()); // the logs were new: from their start
            cluster.startupTime = Duration.between(begin, Instant.now());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public int size() {
        return nodes.length;
    }

    /** The base URL of node {@code i} ({@code http://localhost:PORT}): requests sent here are served by that node. */
    public String node(int i) {
        return server(i).baseUrl();
    }

    /** Node {@code i} as a server (admin client, log). */
    public KeycloakServer server(int i) {
        KeycloakServer node = nodes[i];
        if (node == null) {
            throw new IllegalStateException("node " + i + " is not running");
        }
        return node;
    }

    /** The one URL every node names itself by (the load balancer): the issuer base of all tokens. */
    public String frontendUrl() {
        return frontend.url();
    }

    public Duration buildTime() {
        return buildTime;
    }

    /** From the first node's launch until every node's log showed the full view. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path logFile(int i) {
        return logs.get(i);
    }

    /** A new realm (organizations enabled), created through node 0; an existing one of that name is replaced. */
    public TestRealm createRealm(String name) {
        return TestRealm.create(server(0), name);
    }

    /** The realm {@code name} as seen through node {@code i}: same data, that node's URL and admin client. */
    public TestRealm realm(int i, String name) {
        return TestRealm.attach(server(i), name);
    }

    /**
     * {@code kill -9} of node {@code i}'s JVM: no shutdown, no leave message; the other nodes find out by JGroups'
     * failure detection. Returns at once when the process is gone.
     */
    public synchronized void kill9(int i) {
        server(i).killJvm();
    }

    /** Starts node {@code i} again (same home, ports and database) and waits until every node's view is full again. */
    public synchronized Duration start(int i) {
        Instant begin = Instant.now();
        Map<Integer, Long> offsets = logOffsets();
        if (nodes[i] == null) {
            launch(i);
        } else {
            nodes[i].relaunch();
        }
        awaitView(size(), Duration.ofSeconds(120), offsets);
        return Duration.between(begin, Instant.now());
    }

    /**
     * Waits until the LAST view line written by every running node since {@code offsets} (log sizes taken before the
     * change) names {@code members} members.
     */
    public void awaitView(int members, Duration timeout, Map<Integer, Long> offsets) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<String> pending = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                if (nodes[i] == null || !nodes[i].isRunning()) {
                    continue;
                }
                int seen = lastViewSize(logs.get(i), offsets.getOrDefault(i, 0L));
                if (seen != members) {
                    pending.add("node " + i + (seen < 0 ? " (no new view yet)" : " (view of " + seen + ")"));
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("No cluster view of " + members + " within " + timeout.toSeconds()
                        + " s: " + pending + "; logs " + logs);
            }
            KeycloakServer.sleep(250);
        }
    }

    /** The current size of every node's log, to wait for view lines written after this moment. */
    public Map<Integer, Long> logOffsets() {
        Map<Integer, Long> offsets = new java.util.HashMap<>();
        for (int i = 0; i < size(); i++) {
            try {
                offsets.put(i, Files.exists(logs.get(i)) ? Files.size(logs.get(i)) : 0L);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return offsets;
    }

    private static int lastViewSize(Path log, long offset) {
        if (!Files.exists(log)) {
            return -1;
        }
        try {
            byte[] content = Files.readAllBytes(log);
            int from = (int) Math.min(offset, content.length);
            return lastViewSize(new String(content, from, content.length - from, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The member count of the last Infinispan cluster view in {@code logText}, or -1 when it has none. */
    static int lastViewSize(String logText) {
        Matcher matcher = VIEW.matcher(logText);
        int last = -1;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }

    private void launch(int i) {
        int clusterPort = clusterPorts.get(i);
        List<String> options = List.of(
                "--cache=ispn",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort,
                // every node names itself by the load balancer's URL: one issuer for all tokens
                "--hostname=" + frontend.url());
        nodes[i] = KeycloakServer.startNode(
                settings.withHome(homes.get(i)), logs.get(i), databaseName, options, frontend.url());
    }

    @Override
    public synchronized void close() {
        for (int i = nodes.length - 1; i >= 0; i--) {
            if (nodes[i] != null) {
                try {
                    nodes[i].close();
                } catch (RuntimeException e) {
                    System.err.println("[tenancy] could not stop cluster node " + i + ": " + e.getMessage());
                }
            }
        }
        frontend.close();
        PostgresDatabases.drop(settings, databaseName);
    }

    /**
     * Drops the cluster databases of test JVMs that no longer run (killed before {@link #close()}); a database whose
     * JVM is alive, e.g. a cluster run in another worktree, is left alone.
     */
    private static void dropDatabasesOfDeadRuns(ServerSettings settings) {
        String url = "jdbc:postgresql://" + settings.dbHost() + ":" + settings.dbPort() + "/postgres";
        List<String> orphans = new ArrayList<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, settings.dbUser(), "");
                java.sql.ResultSet names = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT datname FROM pg_database WHERE datname LIKE '" + DATABASE_PREFIX + "%'")) {
            while (names.next()) {
                String name = names.getString(1);
                Matcher owner = Pattern.compile(DATABASE_PREFIX + "(\\d+)_\\d+").matcher(name);
                if (owner.matches()
                        && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty()) {
                    orphans.add(name);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + settings.dbHost() + ":" + settings.dbPort() + " is not reachable: "
                            + e.getMessage() + ". Is it running (pg_ctlcluster 15 main start)?",
                    e);
        }
        for (String orphan : orphans) {
            System.err.println("[tenancy] dropping the cluster database of a killed run: " + orphan);
            PostgresDatabases.drop(settings, orphan);
        }
    }

    /** {@code cp -a}: keeps the timestamps that {@code start --optimized} compares with its build. */
    private static void copyHome(Path built, Path nodeHome) {
        KeycloakServer.deleteRecursively(nodeHome);
        try {
            Process copy = new ProcessBuilder("cp", "-a", built.toString(), nodeHome.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!copy.waitFor(5, TimeUnit.MINUTES) || copy.exitValue() != 0) {
                throw new IllegalStateException("cp -a " + built + " " + nodeHome + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + built + " to " + nodeHome, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while copying the node homes", e);
        }
        // runtime leftovers of the built home (if a server ever ran there) are not the node's
        KeycloakServer.deleteRecursively(nodeHome.resolve("data"));
        try {
            Files.deleteIfExists(nodeHome.resolve(".tenancy-server.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void truncate(Path log) {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Distinct JGroups ports in 7800-9800 whose failure-detection ports are free too. (JGroups derives that port from
     * the transport's port, so a port from the OS's ephemeral range would overflow 65535.)
     */
    private static List<Integer> freeClusterPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int port = FIRST_CLUSTER_PORT; port <= LAST_CLUSTER_PORT && ports.size() < count; port += PORT_STEP) {
            if (free(port, 3) && free(port + FAILURE_DETECTION_OFFSET, 4)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException(
                    "No " + count + " free JGroups ports in " + FIRST_CLUSTER_PORT + "-" + LAST_CLUSTER_PORT);
        }
        return ports;
    }

    private static boolean free(int firstPort, int count) {
        for (int port = firstPort; port < firstPort + count; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
