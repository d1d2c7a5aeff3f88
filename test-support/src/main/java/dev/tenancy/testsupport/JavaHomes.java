package dev.tenancy.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a JDK that can run the Keycloak server (21 or newer), in this order: the system property
 * {@code tenancy.kc.java.home}, the environment variable {@code TENANCY_KC_JAVA_HOME}, {@code JAVA_HOME}, the JDK
 * running this build, and the newest JDK under {@code /usr/lib/jvm}. The build itself may run on JDK 17.
 */
public final class JavaHomes {

    public static final int MIN_SERVER_JAVA = 21;

    private JavaHomes() {}

    public static Path serverJavaHome() {
        List<String> tried = new ArrayList<>();
        String explicit = System.getProperty("tenancy.kc.java.home", System.getenv("TENANCY_KC_JAVA_HOME"));
        if (explicit != null && !explicit.isBlank()) {
            Path home = Path.of(explicit);
            int version = versionOf(home);
            if (version >= MIN_SERVER_JAVA) {
                return home;
            }
            throw new IllegalStateException("tenancy.kc.java.home / TENANCY_KC_JAVA_HOME points to " + home
                    + " (Java " + (version < 0 ? "not found" : version) + "); Keycloak 26.7 needs Java "
                    + MIN_SERVER_JAVA + " or newer");
        }
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA_HOME"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvmDir = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvmDir)) {
            try (Stream<Path> dirs = Files.list(jvmDir)) {
                dirs.filter(Files::isDirectory)
                        .sorted(Comparator.comparingInt(JavaHomes::versionOf).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                tried.add(jvmDir + " (" + e.getMessage() + ")");
            }
        }
        for (Path home : candidates) {
            int version = versionOf(home);
            if (version >= MIN_SERVER_JAVA) {
                return home;
            }
            tried.add(home + " (Java " + (version < 0 ? "?" : version) + ")");
        }
        throw new IllegalStateException("No JDK " + MIN_SERVER_JAVA + "+ found to run Keycloak. Tried: " + tried
                + ". Install one or set -Dtenancy.kc.java.home=/path/to/jdk (or TENANCY_KC_JAVA_HOME).");
    }

    /** The feature version from the JDK's {@code release} file, or -1 when the folder holds no JDK. */
    static int versionOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return -1;
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            properties.load(in);
        } catch (IOException e) {
            return -1;
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        try {
            String major = version.startsWith("1.") ? version.substring(2) : version;
            return Integer.parseInt(major.split("[.\\-+]")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
