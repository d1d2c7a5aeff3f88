package dev.tenancy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The unpacked distribution with our bundle in {@code providers/}, built ({@code kc.sh build}) only when the bundle's
 * jars or the build options changed since the last build: a fingerprint file in the home remembers them, and the
 * build output they produced.
 */
final class DistributionBuild {

    private static final String FINGERPRINT_FILE = ".tenancy-build-fingerprint";

    private DistributionBuild() {}

    /**
     * Runs {@code kc.sh build} in {@code settings.home()} when the bundle's jars or the build options changed since the
     * last build, and returns how long it took (zero when nothing was to be done).
     */
    static Duration build(ServerSettings settings, Path logFile, Path javaHome, List<String> moreBuildOptions) {
        List<String> buildArgs =
                new ArrayList<>(List.of("build", "--db=" + settings.database().kcName(), "--health-enabled=true"));
        buildArgs.addAll(settings.extraBuildOptions());
        buildArgs.addAll(moreBuildOptions);
        Path providersDir = settings.home().resolve("providers");
        List<Path> bundle = jarsIn(settings.providers());
        if (bundle.isEmpty()) {
            throw new IllegalStateException(
                    "No provider jars in " + settings.providers() + ": build the bundle first " + "(mvn package)");
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
        List<String> command =
                new ArrayList<>(List.of(settings.home().resolve("bin/kc.sh").toString()));
        command.addAll(buildArgs);
        Process build = ServerProcess.run(ServerProcess.builder(settings, logFile, command, javaHome));
        try {
            if (!build.waitFor(5, TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build did not finish within 5 minutes; see " + logFile);
            }
            if (build.exitValue() != 0) {
                throw new IllegalStateException("kc.sh build failed (exit " + build.exitValue() + "):\n"
                        + String.join("\n", ServerProcess.tail(logFile, 40)));
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

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
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
}
