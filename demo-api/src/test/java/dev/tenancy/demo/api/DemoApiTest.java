package dev.tenancy.demo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo API's rules without Keycloak: tokens signed with a key of the test, the API given that key as its JWKS.
 * The same rules against a real Keycloak are exercised end to end by the browser test.
 */
class DemoApiTest {

    static final String ISSUER = "http://localhost:1/realms/test";
    static final String AUDIENCE = "tenancy-demo-api";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static RSAKey key;
    static RSAKey otherKey;
    static DemoApi api;

    @BeforeAll
    static void start(@TempDir Path spa) throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        Files.writeString(spa.resolve("index.html"), "<!doctype html><title>demo</title>");
        Files.writeString(spa.resolve("app.js"), "export {}");
        DemoApi.Config config = new DemoApi.Config("127.0.0.1", 0, ISSUER, AUDIENCE, spa, "cookie-spa", "kcjs-spa");
        api = DemoApi.start(
                config,
                new AccessTokenVerifier(ISSUER, AUDIENCE, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static JWTClaimsSet.Builder claims(String tenant, String... roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE, "account"))
                .subject("user-1")
                .issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .claim("typ", "Bearer")
                .claim("preferred_username", "alice");
        if (tenant != null) {
            claims.claim("tenant", Map.of("alias", tenant, "name", tenant, "roles", List.of(roles)));
        }
        return claims;
    }

    static String sign(JWTClaimsSet claims, RSAKey with) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(with.getKeyID())
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api.url() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMemberOfTheTenantReadsItsProjects() throws Exception {
        HttpResponse<String> response = get(
                "/api/tenants/acme/projects",
                sign(claims("acme", "tenant-member").build(), key));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"tenant\":\"acme\"").contains("Rocket skates");
    }

    @Test
    void aTokenOfAnotherTenantIsRefusedWhateverItsRoles() throws Exception {
        String globexAdmin =
                sign(claims("globex", "tenant-admin", "tenant-member").build(), key);
        HttpResponse<String> response = get("/api/tenants/acme/projects", globexAdmin);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("access_denied").contains("for tenant 'globex', not 'acme'");
        assertThat(get("/api/tenants/globex/settings", globexAdmin).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTokenWithoutTheEndpointsRoleIsRefused() throws Exception {
        String member = sign(claims("acme", "tenant-member").build(), key);
        HttpResponse<String> response = get("/api/tenants/acme/settings", member);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Needs one of the roles [tenant-admin]");
        assertThat(get("/api/tenants/acme/projects", sign(claims(null).build(), key))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void invalidTokensAre401() throws Exception {
        assertThat(get("/api/tenants/acme/projects", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/tenants/acme/projects", "not.a.jwt").statusCode()).isEqualTo(401);
        assertThat(get("/api/me", sign(claims("acme", "tenant-member").build(), otherKey))
                        .statusCode())
                .as("signed by another key")
                .isEqualTo(401);
        assertThat(get(
                                "/api/me",
                                sign(
                                        claims("acme", "tenant-member")
                                                .expirationTime(new Date(System.currentTimeMillis() - 120_000))
                                                .build(),
                                        key))
                        .statusCode())
                .as("expired")
                .isEqualTo(401);
        assertThat(get(
                                "/api/me",
                                sign(
                                        claims("acme", "tenant-member")
                                                .issuer("http://evil/realms/test")
                                                .build(),
                                        key))
                        .statusCode())
                .as("other issuer")
                .isEqualTo(401);
        assertThat(get(
                                "/api/me",
                                sign(
                                        claims("acme", "tenant-member")
                                                .audience("account")
                                                .build(),
                                        key))
                        .statusCode())
                .as("not for this API")
                .isEqualTo(401);
        assertThat(get(
                                "/api/me",
                                sign(
                                        claims("acme", "tenant-member")
                                                .claim("typ", "ID")
                                                .build(),
                                        key))
                        .statusCode())
                .as("an ID token")
                .isEqualTo(401);
        assertThat(get("/api/me", new PlainJWT(claims("acme", "tenant-member").build()).serialize())
                        .statusCode())
                .as("alg none")
                .isEqualTo(401);
        SignedJWT hmac = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                claims("acme", "tenant-member").build());
        hmac.sign(new MACSigner(new byte[32]));
        assertThat(get("/api/me", hmac.serialize()).statusCode()).as("HS256").isEqualTo(401);
    }

    @Test
    void theFakeSmsGatewayTakesWebhookMessagesAndRefusesOthers() throws Exception {
        HttpResponse<String> accepted = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.url() + "/demo-sms"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"to\":\"+4915100000001\",\"text\":\"123456 is your code\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        HttpResponse<String> malformed = HTTP.send(
                HttpRequest.newBuilder(URI.create(api.url() + "/demo-sms"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownApiPathsAre404() throws Exception {
        String token = sign(claims("acme", "tenant-admin").build(), key);
        assertThat(get("/api/tenants/acme/secrets", token).statusCode()).isEqualTo(404);
        assertThat(get("/api/nothing", token).statusCode()).isEqualTo(404);
    }

    @Test
    void servesTheSpaWithAStrictContentSecurityPolicyAndItsConfig() throws Exception {
        HttpResponse<String> index = get("/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self' http://localhost:1;")
                .doesNotContain("unsafe-inline");
        assertThat(get("/app.js", null).headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/javascript");
        assertThat(get("/../pom.xml", null).statusCode()).isEqualTo(404);
        assertThat(get("/%2e%2e/pom.xml", null).statusCode()).isEqualTo(404);
        HttpResponse<String> config = get("/config.json", null);
        assertThat(com.nimbusds.jose.util.JSONObjectUtils.parse(config.body()))
                .containsEntry("realmUrl", ISSUER)
                .containsEntry("realm", "test")
                .containsEntry("keycloakUrl", "http://localhost:1")
                .containsEntry("cookieClientId", "cookie-spa");
    }

    /**
     * In docker-compose.yml the browser reaches Keycloak as localhost:8080 (the tokens' issuer) and the API reaches it
     * as keycloak:8080: {@code --jwks-url} fetches the keys there while the issuer stays what the tokens say.
     */
    @Test
    void theKeysComeFromTheJwksUrlWhenTheApiReachesKeycloakByAnotherName(@TempDir Path spa) throws Exception {
        Files.writeString(spa.resolve("index.html"), "<!doctype html><title>demo</title>");
        com.sun.net.httpserver.HttpServer keycloak =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        keycloak.createContext("/realms/test/protocol/openid-connect/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        keycloak.start();
        String certs =
                "http://127.0.0.1:" + keycloak.getAddress().getPort() + "/realms/test/protocol/openid-connect/certs";
        DemoApi.Config config = DemoApi.Config.parse(
                "--port=0", "--issuer=" + ISSUER, "--jwks-url=" + certs, "--spa=" + spa, "--audience=" + AUDIENCE);
        assertThat(config.jwksUrl()).hasToString(certs);
        try (DemoApi inContainer = DemoApi.start(config)) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(inContainer.url() + "/api/me"))
                            .header(
                                    "Authorization",
                                    "Bearer "
                                            + sign(
                                                    claims("acme", "tenant-member")
                                                            .build(),
                                                    key))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"alias\":\"acme\"");
        } finally {
            keycloak.stop(0);
        }
    }

    @Test
    void theOptionsDefaultToTheDemoAndUnknownOnesAreRefused() {
        DemoApi.Config defaults = DemoApi.Config.parse();
        assertThat(defaults.issuer()).isEqualTo("http://localhost:8080/realms/tenancy-demo");
        assertThat(defaults.jwksUrl()).hasToString(defaults.issuer() + "/protocol/openid-connect/certs");
        assertThat(DemoApi.Config.parse("--host=0.0.0.0", "--port=9").host()).isEqualTo("0.0.0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoApi.Config.parse("--jwks=http://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --jwks=http://x");
    }
}
