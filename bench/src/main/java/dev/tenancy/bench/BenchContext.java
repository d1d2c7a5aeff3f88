package dev.tenancy.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.tenancy.testsupport.Http;
import dev.tenancy.testsupport.KeycloakServer;

/** What a scenario gets: the server, the number of workers, admin fixtures and the HTTP client of the load. */
public final class BenchContext {

    private final BenchServer server;
    private final int workers;
    private final HttpClient loadClient;
    private final boolean keep;

    BenchContext(BenchServer server, int workers, boolean keep) {
        this.server = server;
        this.workers = workers;
        this.keep = keep;
        // HTTP/1.1 like most relying parties and proxies in front of Keycloak; the default (HTTP/2) would try an h2c
        // upgrade on every new connection. Keep-alive connections are pooled, about one per worker.
        this.loadClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearerToken).header("Accept", "application/json").GET().build();
        return loadClient.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A call with a JSON body (or none) and a bearer token, sent by the load client: for bulk fixtures. */
    public HttpResponse<String> sendJson(String method, String url, String bearerToken, String json, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", "Bearer " + bearerToken).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
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

    /** A realm import of a size that takes minutes (thousands of organizations). */
    public Http.Response importRealm(Object realm) {
        return Http.json("POST", server.baseUrl() + "/admin/realms", realm, Http.bearer(server.adminToken()),
                Duration.ofMinutes(15));
    }

    /** A realm that a scenario created by other means (e.g. a realm import). */
    public BenchRealm realm(String name) {
        return new BenchRealm(this, name);
    }

    /** Removes the realm if it exists. */
    public void removeRealm(String name) {
        removeRealm(name, Duration.ofSeconds(60));
    }

    /** Removes the realm if it exists, waiting up to {@code timeout} (a realm of 100,000 users takes minutes). */
    public void removeRealm(String name, Duration timeout) {
        Http.Response response = Http.json("DELETE", server.baseUrl() + "/admin/realms/" + name, null,
                Http.bearer(server.adminToken()), timeout);
        if (response.status() != 404) {
            BenchRealm.expect(204, "DELETE /admin/realms/" + name, response);
        }
    }

    /** Posts a form with the load client: for the measured requests and for fixtures that are OIDC calls. */
    public HttpResponse<String> postForm(String url, Map<String, String> fields)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return loadClient.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A call to the admin REST API under {@code /admin/realms}, as the master-realm admin. */
    public Http.Response admin(String method, String path, Object body) {
        return Http.json(method, server.baseUrl() + "/admin/realms" + path, body, Http.bearer(server.adminToken()));
    }
}
