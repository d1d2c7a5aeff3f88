package dev.tenancy.bench;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** What a scenario gets: the server, the number of workers, admin fixtures and the HTTP client of the load. */
public final class BenchContext implements AutoCloseable {

    private final BenchServer server;
    private final int workers;
    private final HttpClient loadClient;
    private final boolean keep;
    private final Map<String, Object> sharedFixtures = new HashMap<>();
    private final Deque<Runnable> sharedRemovals = new ArrayDeque<>();

    BenchContext(BenchServer server, int workers, boolean keep) {
        this.server = server;
        this.workers = workers;
        this.keep = keep;
        // HTTP/1.1 like most relying parties and proxies in front of Keycloak; the default (HTTP/2) would try an h2c
        // upgrade on every new connection. Keep-alive connections are pooled, about one per worker.
        this.loadClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public int workers() {
        return workers;
    }

    /**
     * {@code --keep}: the large seeded realms stay for the next run, which reuses them. Without it, a scenario removes
     * its realm, unless the bench started the server: then the whole database goes at the end anyway.
     */
    public boolean keep() {
        return keep;
    }

    /** True when the realms need no removal: the bench started the server on a database that is dropped at the end. */
    public boolean databaseDroppedAtEnd() {
        return server.started().isPresent() && !keep;
    }

    /**
     * The JDBC URL of the server's PostgreSQL database when the bench started the server on PostgreSQL (for bulk
     * seeding in SQL); empty on H2 or for a server the bench did not start.
     */
    public Optional<String> postgresJdbcUrl() {
        return server.started().flatMap(KeycloakServer::jdbcUrl);
    }

    public String postgresUser() {
        return server.started().map(KeycloakServer::databaseUser).orElse("postgres");
    }

    /** A GET with a bearer token, sent by the load client: for measured requests. */
    public HttpResponse<String> get(String url, String bearerToken) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearerToken)
                .header("Accept", "application/json")
                .GET()
                .build();
        return loadClient.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A call with a JSON body (or none) and a bearer token, sent by the load client: for bulk fixtures. */
    public HttpResponse<String> sendJson(String method, String url, String bearerToken, String json, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearerToken)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return loadClient.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A current master-realm admin token. */
    public String adminToken() {
        return server.adminToken();
    }

    /** Creates an empty, enabled realm, first removing one of the same name that an interrupted run left behind. */
    public BenchRealm createRealm(String name) {
        removeRealm(name);
        BenchRealm.expect(201, "POST /admin/realms", admin("POST", "", Map.of("realm", name, "enabled", true)));
        return new BenchRealm(this, name);
    }

    /** A realm that a scenario created by other means (e.g. a realm import). */
    public BenchRealm realm(String name) {
        return new BenchRealm(this, name);
    }

    /** Removes the realm if it exists (minutes for one with thousands of tenants). */
    public void removeRealm(String name) {
        removeRealm(name, Duration.ofMinutes(15));
    }

    /** Removes the realm if it exists, waiting up to {@code timeout} (a realm of 100,000 users takes minutes). */
    public void removeRealm(String name, Duration timeout) {
        Http.Response response = Http.json(
                "DELETE", server.baseUrl() + "/admin/realms/" + name, null, Http.bearer(server.adminToken()), timeout);
        if (response.status() != 404) {
            BenchRealm.expect(204, "DELETE /admin/realms/" + name, response);
        }
    }

    /**
     * A connection to the server's database when the bench started the server on PostgreSQL
     * ({@code -Dtenancy.db=postgres}); empty otherwise. Only for fixtures the admin API cannot make in reasonable time;
     * the caller must clear Keycloak's caches afterwards ({@link #clearUserCache}).
     */
    public Optional<Connection> openPostgres() throws SQLException {
        Optional<String[]> target = server.postgres();
        return target.isEmpty()
                ? Optional.empty()
                : Optional.of(DriverManager.getConnection(target.get()[0], target.get()[1], ""));
    }

    /**
     * Clears Keycloak's user cache (users, their group and organization memberships) after membership rows were
     * written behind Keycloak's back. The realm cache (organizations themselves) stays: nothing in it changed.
     */
    public void clearUserCache(String realm) {
        BenchRealm.expect(204, "POST clear-user-cache", admin("POST", "/" + realm + "/clear-user-cache", null));
    }

    /**
     * A fixture that several scenarios of one run use and that is too expensive to build for each (thousands of
     * tenants): made by {@code create} on first use, removed by {@code remove} when the run ends ({@link #close}). A
     * fixture that failed is not tried again in the same run.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T shared(String key, Callable<T> create, Consumer<T> remove) throws Exception {
        Object fixture = sharedFixtures.get(key);
        if (fixture == null) {
            try {
                T created = create.call();
                sharedRemovals.push(() -> remove.accept(created));
                fixture = created;
            } catch (Exception e) {
                fixture = e; // the next scenario fails at once instead of building it again for minutes
            }
            sharedFixtures.put(key, fixture);
        }
        if (fixture instanceof Exception failure) {
            throw new IllegalStateException("the shared fixture " + key + " could not be built: " + failure, failure);
        }
        return (T) fixture;
    }

    /** Removes the shared fixtures, newest first; a failed removal is reported and the others still run. */
    @Override
    public synchronized void close() {
        while (!sharedRemovals.isEmpty()) {
            try {
                sharedRemovals.pop().run();
            } catch (RuntimeException e) {
                System.out.println("could not remove a shared fixture: " + e);
            }
        }
        sharedFixtures.clear();
    }

    /** Posts a form with the load client: for the measured requests and for fixtures that are OIDC calls. */
    public HttpResponse<String> postForm(String url, Map<String, String> fields)
            throws IOException, InterruptedException {
        return postForm(url, fields, Duration.ofSeconds(30));
    }

    /** As {@link #postForm(String, Map)}, waiting up to {@code timeout} (a fixture's cold first request). */
    public HttpResponse<String> postForm(String url, Map<String, String> fields, Duration timeout)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return loadClient.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A call to the admin REST API under {@code /admin/realms}, as the master-realm admin. */
    public Http.Response admin(String method, String path, Object body) {
        return Http.json(method, server.baseUrl() + "/admin/realms" + path, body, Http.bearer(server.adminToken()));
    }

    /** As {@link #admin}, for calls known to take minutes (removing a realm with thousands of tenants). */
    public Http.Response admin(String method, String path, Object body, Duration timeout) {
        return Http.json(
                method, server.baseUrl() + "/admin/realms" + path, body, Http.bearer(server.adminToken()), timeout);
    }
}
