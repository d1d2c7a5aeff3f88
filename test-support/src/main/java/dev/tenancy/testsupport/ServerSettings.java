package dev.tenancy.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the test server is set up, read from system properties (Maven passes them; see integration-tests/pom.xml):
 * <ul>
 *   <li>{@code tenancy.kc.home}: the unpacked stock distribution to run (its {@code providers/} and {@code data/}
 *       are managed by the harness);</li>
 *   <li>{@code tenancy.kc.providers}: the folder with our bundle's jars;</li>
 *   <li>{@code tenancy.db}: {@code dev-file} (embedded H2, default) or {@code postgres};</li>
 *   <li>{@code tenancy.db.host}/{@code tenancy.db.port}/{@code tenancy.db.user}: the PostgreSQL server
 *       (127.0.0.1:5432, postgres);</li>
 *   <li>{@code tenancy.kc.port}/{@code tenancy.kc.management-port}: fixed ports, or 0 (default) for free ones;</li>
 *   <li>{@code tenancy.kc.ready-timeout}: seconds to wait for {@code /health/ready} (default 180);</li>
 *   <li>{@code tenancy.kc.java.home}: the JDK 21+ for the server (see {@link JavaHomes}).</li>
 * </ul>
 */
public record ServerSettings(
        Path home,
        Path providers,
        Database database,
        String dbHost,
        int dbPort,
        String dbUser,
        int httpPort,
        int managementPort,
        Duration readyTimeout,
        List<String> extraBuildOptions) {

    public enum Database {
        DEV_FILE("dev-file"),
        POSTGRES("postgres");

        private final String kcName;

        Database(String kcName) {
            this.kcName = kcName;
        }

        public String kcName() {
            return kcName;
        }

        static Database parse(String value) {
            for (Database db : values()) {
                if (db.kcName.equalsIgnoreCase(value)) {
                    return db;
                }
            }
            throw new IllegalArgumentException("tenancy.db must be dev-file or postgres, not '" + value + "'");
        }
    }

    public static ServerSettings fromSystemProperties() {
        Path home = requiredDir(
                "tenancy.kc.home",
                "the unpacked keycloak-quarkus-dist (Maven unpacks it in "
                        + "integration-tests/target; run the tests with 'mvn verify')");
        Path providers =
                requiredDir("tenancy.kc.providers", "the bundle's providers folder (distribution/target/providers)");
        return new ServerSettings(
                home,
                providers,
                Database.parse(System.getProperty("tenancy.db", "dev-file")),
                System.getProperty("tenancy.db.host", "127.0.0.1"),
                Integer.getInteger("tenancy.db.port", 5432),
                System.getProperty("tenancy.db.user", "postgres"),
                Integer.getInteger("tenancy.kc.port", 0),
                Integer.getInteger("tenancy.kc.management-port", 0),
                Duration.ofSeconds(Integer.getInteger("tenancy.kc.ready-timeout", 180)),
                List.of());
    }

    /** The same settings for another copy of the distribution (a cluster node's home). */
    public ServerSettings withHome(Path otherHome) {
        return new ServerSettings(
                otherHome,
                providers,
                database,
                dbHost,
                dbPort,
                dbUser,
                httpPort,
                managementPort,
                readyTimeout,
                extraBuildOptions);
    }

    private static Path requiredDir(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: it names " + what);
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(property + "=" + path + " is not a folder: it names " + what);
        }
        return path;
    }
}
