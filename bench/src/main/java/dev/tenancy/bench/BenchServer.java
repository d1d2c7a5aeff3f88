package dev.tenancy.bench;

import dev.tenancy.testsupport.KeycloakServer;
import dev.tenancy.testsupport.ServerSettings;
import java.util.Optional;
import org.keycloak.admin.client.Keycloak;

/** The Keycloak under load: one this program started (and stops), or one already running at a URL (--url). */
final class BenchServer implements AutoCloseable {

    private final String baseUrl;
    private final Keycloak admin;
    private final KeycloakServer started;

    private BenchServer(String baseUrl, Keycloak admin, KeycloakServer started) {
        this.baseUrl = baseUrl;
        this.admin = admin;
        this.started = started;
    }

    /**
     * Starts the distribution named by the tenancy.kc.* system properties, with the bundle in providers/.
     *
     * @param keptDatabase null for a fresh database, dropped at the end; else the PostgreSQL database (or the H2
     *                     files) kept between runs
     */
    static BenchServer start(String keptDatabase) {
        KeycloakServer server = KeycloakServer.start(ServerSettings.fromSystemProperties(), keptDatabase);
        try {
            return new BenchServer(server.baseUrl(), server.admin(), server);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    static BenchServer connect(String baseUrl, String adminUser, String adminPassword) {
        return new BenchServer(
                baseUrl, Keycloak.getInstance(baseUrl, "master", adminUser, adminPassword, "admin-cli"), null);
    }

    String baseUrl() {
        return baseUrl;
    }

    /** A current master-realm admin token (the token manager refreshes it when it expires). */
    String adminToken() {
        return admin.tokenManager().getAccessTokenString();
    }

    /** The JDBC URL and user of the server's PostgreSQL database, when the bench started it on PostgreSQL. */
    Optional<String[]> postgres() {
        return started().flatMap(s -> s.jdbcUrl().map(url -> new String[] {url, s.databaseUser()}));
    }

    /** Present when this program started the server: then its pid, startup time and log are known. */
    Optional<KeycloakServer> started() {
        return Optional.ofNullable(started);
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        } else {
            admin.close();
        }
    }
}
