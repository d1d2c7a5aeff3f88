package dev.tenancy.demo.api;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's resource server and SPA host, on one origin (http://localhost:8081 in the demo):
 * <pre>
 * GET /api/me                          who the token is for, and its active tenant (any valid token)
 * GET /api/tenants/{alias}/projects    the tenant's projects: role tenant-member or tenant-admin IN {alias}
 * GET /api/tenants/{alias}/settings    the tenant's settings: role tenant-admin IN {alias}
 * GET /config.json                     where the SPA finds Keycloak and its clients
 * GET /...                             the static SPA (demo/spa)
 * </pre>
 * The cross-tenant rule: a token whose {@code tenant.alias} is not {@code {alias}} gets 403, whatever roles it carries
 * in its own tenant; so does a token of the right tenant without the endpoint's role. No or an invalid token gets 401.
 * Errors are {@code {"error","error_description"}} JSON.
 */
public final class DemoApi implements AutoCloseable {

    /** What an endpoint needs: any ONE of these roles in the path's tenant. */
    static final Map<String, Set<String>> REQUIRED_ROLES = Map.of(
            "projects", Set.of("tenant-member", "tenant-admin"),
            "settings", Set.of("tenant-admin"));

    private static final Pattern TENANT_PATH = Pattern.compile("^/api/tenants/([^/]{1,255})/([a-z]+)/?$");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "json",
            "application/json",
            "png",
            "image/png",
            "svg",
            "image/svg+xml",
            "txt",
            "text/plain; charset=utf-8");

    /**
     * @param host               interface to bind (the demo: 127.0.0.1; in a container: 0.0.0.0)
     * @param port               0 for a free one
     * @param issuer             realm URL as the browser reaches it (the tokens' {@code iss}; tells the SPA)
     * @param audience           the {@code aud} this API requires
     * @param spaDir             folder of the static SPA
     * @param cookieClientId     the cookie-mode client (tells the SPA)
     * @param keycloakJsClientId the keycloak-js client (tells the SPA)
     * @param jwksUrl            where this API fetches the realm's keys; null: the issuer's
     *                           {@code /protocol/openid-connect/certs}. Differs from the issuer's only where this API
     *                           reaches Keycloak by another name than the browser does (docker-compose.yml:
     *                           {@code http://keycloak:8080/...} inside, {@code http://localhost:8080/...} outside)
     */
    public record Config(
            String host,
            int port,
            String issuer,
            String audience,
            Path spaDir,
            String cookieClientId,
            String keycloakJsClientId,
            URI jwksUrl) {

        /** The options of {@link #parse} ({@code --name=value}). */
        public static final List<String> OPTIONS =
                List.of("host", "port", "issuer", "audience", "spa", "cookie-client", "keycloak-js-client", "jwks-url");

        public Config(
                String host,
                int port,
                String issuer,
                String audience,
                Path spaDir,
                String cookieClientId,
                String keycloakJsClientId) {
            this(host, port, issuer, audience, spaDir, cookieClientId, keycloakJsClientId, null);
        }

        public Config {
            if (jwksUrl == null) {
                jwksUrl = URI.create(issuer + "/protocol/openid-connect/certs");
            }
        }

        public static Config defaults() {
            return new Config(
                    "127.0.0.1",
                    8081,
                    "http://localhost:8080/realms/tenancy-demo",
                    "tenancy-demo-api",
                    Path.of("demo/spa"),
                    "tenancy-demo-spa-cookie",
                    "tenancy-demo-spa");
        }

        /** {@code --name=value} arguments ({@link #OPTIONS}) over {@link #defaults()}. */
        public static Config parse(String... args) {
            Map<String, String> given = new HashMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --name=value, not " + arg);
                }
                String name = arg.substring(2, eq);
                if (!OPTIONS.contains(name)) {
                    throw new IllegalArgumentException(
                            "unknown option " + arg + " (known: --" + String.join(", --", OPTIONS) + ")");
                }
                given.put(name, arg.substring(eq + 1));
            }
            Config d = defaults();
            String issuer = given.getOrDefault("issuer", d.issuer);
            return new Config(
                    given.getOrDefault("host", d.host),
                    given.containsKey("port") ? Integer.parseInt(given.get("port")) : d.port,
                    issuer,
                    given.getOrDefault("audience", d.audience),
                    given.containsKey("spa") ? Path.of(given.get("spa")) : d.spaDir,
                    given.getOrDefault("cookie-client", d.cookieClientId),
                    given.getOrDefault("keycloak-js-client", d.keycloakJsClientId),
                    given.containsKey("jwks-url") ? URI.create(given.get("jwks-url")) : null);
        }

        String keycloakOrigin() {
            URI uri = URI.create(issuer);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        }
    }

    private final Config config;
    private final AccessTokenVerifier verifier;
    private final HttpServer server;
    private final ExecutorService executor;
    private final DemoSmsGateway smsGateway = new DemoSmsGateway(System.out);

    private DemoApi(Config config, AccessTokenVerifier verifier) throws IOException {
        this.config = config;
        this.verifier = verifier;
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        this.executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static DemoApi start(Config config) throws IOException {
        return start(config, new AccessTokenVerifier(config.issuer(), config.audience(), config.jwksUrl()));
    }

    static DemoApi start(Config config, AccessTokenVerifier verifier) throws IOException {
        if (!Files.isRegularFile(config.spaDir().resolve("index.html"))) {
            throw new IllegalArgumentException(
                    "no index.html in " + config.spaDir().toAbsolutePath());
        }
        DemoApi api = new DemoApi(config, verifier);
        api.server.start();
        return api;
    }

    public static void main(String[] args) throws IOException {
        Config config = Config.parse(args);
        DemoApi api = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(api::close, "demo-api-shutdown"));
        System.out.printf(
                "Demo SPA and API on %s (tokens of %s, audience %s, keys from %s)%n",
                api.url(), config.issuer(), config.audience(), config.jwksUrl());
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- routing ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (DemoSmsGateway.PATH.equals(path) && "POST".equals(method)) {
                int status = smsGateway.receive(exchange);
                send(exchange, status, new byte[0]);
            } else if (path.startsWith("/api/")) {
                if (!"GET".equals(method)) {
                    error(exchange, 405, "invalid_request", "Only GET is served here");
                    return;
                }
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                api(exchange, path);
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                error(exchange, 405, "invalid_request", "Only GET is served here");
            } else if ("/config.json".equals(path)) {
                json(exchange, 200, spaConfig());
            } else {
                file(exchange, path);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            error(exchange, 500, "server_error", "Unexpected error");
        }
    }

    private void api(HttpExchange exchange, String path) throws IOException {
        AccessTokenVerifier.Claims claims = authenticate(exchange);
        if (claims == null) {
            return;
        }
        if ("/api/me".equals(path)) {
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("sub", claims.subject());
            me.put("username", claims.all().get("preferred_username"));
            me.put("tenant", claims.tenant());
            json(exchange, 200, me);
            return;
        }
        Matcher matcher = TENANT_PATH.matcher(path);
        if (!matcher.matches() || !REQUIRED_ROLES.containsKey(matcher.group(2))) {
            error(exchange, 404, "not_found", "No such endpoint");
            return;
        }
        String alias = matcher.group(1);
        String endpoint = matcher.group(2);
        String refusal = refusal(claims, alias, endpoint);
        if (refusal != null) {
            error(exchange, 403, "access_denied", refusal);
            return;
        }
        json(exchange, 200, TenantData.of(alias, endpoint, claims));
    }

    /** Why {@code claims} may not call {@code endpoint} of tenant {@code alias}, or null. */
    static String refusal(AccessTokenVerifier.Claims claims, String alias, String endpoint) {
        String active = claims.tenantAlias();
        if (active == null) {
            return "The token names no active tenant";
        }
        if (!active.equals(alias)) {
            return "The token is for tenant '" + active + "', not '" + alias + "'";
        }
        Set<String> needed = REQUIRED_ROLES.get(endpoint);
        if (claims.tenantRoles().stream().noneMatch(needed::contains)) {
            return "Needs one of the roles " + needed.stream().sorted().toList() + " in tenant '" + alias + "'";
        }
        return null;
    }

    private AccessTokenVerifier.Claims authenticate(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            error(exchange, 401, "invalid_token", "Bearer access token required");
            return null;
        }
        try {
            return verifier.verify(authorization.substring(7).trim());
        } catch (AccessTokenVerifier.InvalidTokenException e) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            error(exchange, 401, "invalid_token", "Invalid access token: " + e.getMessage());
            return null;
        }
    }

    private Map<String, Object> spaConfig() {
        Map<String, Object> spa = new LinkedHashMap<>();
        spa.put("realmUrl", config.issuer());
        spa.put("keycloakUrl", config.issuer().replaceFirst("/realms/[^/]+$", ""));
        spa.put("realm", config.issuer().replaceFirst(".*/realms/", ""));
        spa.put("cookieClientId", config.cookieClientId());
        spa.put("keycloakJsClientId", config.keycloakJsClientId());
        return spa;
    }

    // ---- static files ----

    private void file(HttpExchange exchange, String path) throws IOException {
        Path root = config.spaDir().toAbsolutePath().normalize();
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root)) {
            error(exchange, 404, "not_found", "No such file");
            return;
        }
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        if (!Files.isRegularFile(file)) {
            error(exchange, 404, "not_found", "No such file");
            return;
        }
        String name = file.getFileName().toString();
        String extension =
                name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        exchange.getResponseHeaders()
                .set("Content-Type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if ("html".equals(extension)) {
            exchange.getResponseHeaders().set("Content-Security-Policy", contentSecurityPolicy());
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        }
        byte[] body = Files.readAllBytes(file);
        send(exchange, 200, body);
    }

    /**
     * Scripts only from this origin and Keycloak (the helper), no inline script: an XSS has a hard time here. Framed
     * only by this origin (keycloak-js frames its silent check-sso page).
     */
    private String contentSecurityPolicy() {
        String keycloak = config.keycloakOrigin();
        return "default-src 'self'; script-src 'self' " + keycloak + "; connect-src 'self' " + keycloak
                + "; frame-src 'self' " + keycloak + "; img-src 'self' data:; style-src 'self'; object-src 'none'"
                + "; base-uri 'none'; form-action 'self' " + keycloak + "; frame-ancestors 'self'";
    }

    // ---- responses ----

    static void error(HttpExchange exchange, int status, String error, String description) throws IOException {
        json(exchange, status, Map.of("error", error, "error_description", description));
    }

    static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(
                exchange,
                status,
                JSONObjectUtils.toJSONString(new LinkedHashMap<>(body)).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Made-up data per tenant: enough to see which tenant answered. */
    static final class TenantData {
        private TenantData() {}

        static Map<String, Object> of(String alias, String endpoint, AccessTokenVerifier.Claims claims) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenant", alias);
            body.put("caller", claims.all().get("preferred_username"));
            body.put("roles", claims.tenantRoles());
            if ("projects".equals(endpoint)) {
                body.put(
                        "projects",
                        switch (alias) {
                            case "acme" -> List.of("Rocket skates", "Giant magnet", "Portable hole");
                            case "globex" -> List.of("Hammock district", "Volcano lair");
                            default -> List.of("Project of " + alias);
                        });
            } else {
                body.put(
                        "settings",
                        Map.of(
                                "plan",
                                "acme".equals(alias) ? "enterprise" : "team",
                                "seats",
                                "acme".equals(alias) ? 50 : 10));
            }
            return body;
        }
    }
}
