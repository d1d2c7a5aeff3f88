package dev.tenancy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system process of one Keycloak server ({@code kc.sh} and its JVM), started in its own process group
 * with its output appended to the log file. It never outlives the test run: a watchdog process and a JVM shutdown
 * hook stop it when the test JVM dies or is interrupted, and a pid file in the home lets the next start reap a
 * server that a killed run left behind.
 */
final class ServerProcess {

    private static final String PID_FILE = ".tenancy-server.pid";

    private final Path home;
    private Process process;
    private Process watchdog;
    private Thread shutdownHook;

    private ServerProcess(Path home, Process process) {
        this.home = home;
        this.process = process;
    }

    /** Runs {@code command} in the server's home with {@code environment} added, watched as the class comment says. */
    static ServerProcess start(
            ServerSettings settings,
            Path logFile,
            List<String> command,
            Path javaHome,
            Map<String, String> environment) {
        ProcessBuilder builder = builder(settings, logFile, command, javaHome);
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(settings.home(), run(builder));
        server.writePidFile();
        server.startWatchdog();
        server.shutdownHook = new Thread(server::stop, "keycloak-server-shutdown");
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized int exitValue() {
        return process.exitValue();
    }

    /** The pid of the Keycloak JVM (not of kc.sh). */
    synchronized long jvmPid() {
        return process.toHandle()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(process.pid());
    }

    /** SIGTERM to kc.sh and the JVM (Keycloak shuts down cleanly in a few seconds), SIGKILL after 30 s. */
    synchronized void stop() {
        if (process != null) {
            List<ProcessHandle> tree =
                    new ArrayList<>(process.toHandle().descendants().toList());
            tree.add(0, process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            Instant deadline = Instant.now().plusSeconds(30);
            for (ProcessHandle handle : tree) {
                try {
                    handle.onExit()
                            .get(
                                    Math.max(
                                            1,
                                            Duration.between(Instant.now(), deadline)
                                                    .toMillis()),
                                    TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    handle.destroyForcibly();
                }
            }
            process = null;
            deletePidFile();
        }
        if (watchdog != null) {
            watchdog.destroyForcibly();
            watchdog = null;
        }
    }

    /** After a regular stop: the shutdown hook has nothing left to stop. */
    void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
            shutdownHook = null;
        }
    }

    /**
     * SIGKILL of the JVM and of kc.sh around it: nothing runs a shutdown, as on a crashed machine. The watchdog and
     * the shutdown hook go with it.
     */
    synchronized void kill(String name) {
        List<ProcessHandle> tree =
                new ArrayList<>(process.toHandle().descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Process " + handle.pid() + " of " + name + " survived SIGKILL", e);
            }
        }
        process = null;
        if (watchdog != null) {
            watchdog.destroyForcibly();
            watchdog = null;
        }
        removeShutdownHook();
        deletePidFile();
    }

    /** Kills a server that an earlier, killed run of this same home left running. */
    static void reapLeftover(Path home) {
        Path pidFile = home.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                    .filter(p -> p.info()
                            .commandLine()
                            .map(c -> c.contains(home.toString()))
                            .orElse(false))
                    .ifPresent(leftover -> {
                        System.err.println(
                                "[tenancy] stopping a Keycloak left running by an earlier run (pid " + pid + ")");
                        leftover.descendants().forEach(ProcessHandle::destroyForcibly);
                        leftover.destroyForcibly();
                    });
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            // an unreadable pid file names nothing to reap
        }
    }

    /** A process of the distribution: in its home, on {@code javaHome}, output appended to {@code logFile}. */
    static ProcessBuilder builder(ServerSettings settings, Path logFile, List<String> command, Path javaHome) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(settings.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().remove("JAVA_OPTS");
        return builder;
    }

    /** ProcessBuilder.start with the IOException turned into a clear unchecked one. */
    static Process run(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + builder.command(), e);
        }
    }

    /** The last {@code lines} lines of a log file, or a line saying why there are none. */
    static List<String> tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no server log at " + logFile + ": " + e.getMessage() + ")");
        }
    }

    /**
     * A shell loop outside this JVM that ends the server's process group when this JVM dies (kill -9 of Maven, a
     * crashed fork), so no Keycloak outlives its test run. {@code setsid} made kc.sh the leader of its own group.
     */
    private void startWatchdog() {
        long jvm = ProcessHandle.current().pid();
        long server = process.pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + server
                + " 2>/dev/null; do sleep 1; done; " + "kill -TERM -- -" + server
                + " 2>/dev/null; sleep 20; kill -KILL -- -" + server + " 2>/dev/null";
        try {
            watchdog = new ProcessBuilder("bash", "-c", script)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the server watchdog", e);
        }
    }

    private void writePidFile() {
        try {
            Files.writeString(home.resolve(PID_FILE), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(home.resolve(PID_FILE));
        } catch (IOException e) {
            // harmless: the next start checks the pid before killing
        }
    }
}
